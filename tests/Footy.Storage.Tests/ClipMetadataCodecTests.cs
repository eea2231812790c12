using FsCheck;
using FsCheck.Xunit;

namespace Footy.Storage.Tests;

public class ClipMetadataCodecTests
{
    private static readonly ClipKey Key = ClipKey.Create(979139, "979139-3", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");

    private static ClipMetadata Meta(string player = "Á. Di María", string team = "Atlético de Madrid", string[]? sources = null) =>
        new(Key.GoalId, Key.FixtureId, player, team, sources ?? ["1890000000000000001", "reddit:1abcd"], 23.84, 1280, 720, 2_100_000, 4);

    [Fact]
    public void Accented_names_are_percent_encoded_ascii_and_read_back()
    {
        var meta = Meta();
        var headers = ClipMetadataCodec.ToObjectMetadata(meta, "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
        Assert.Equal("%C3%81.%20Di%20Mar%C3%ADa", headers["x-amz-meta-player"]);
        Assert.Equal("Atl%C3%A9tico%20de%20Madrid", headers["x-amz-meta-team"]);
        Assert.All(headers, kv =>
        {
            Assert.StartsWith("x-amz-meta-", kv.Key);
            Assert.All(kv.Key + kv.Value, c => Assert.True(c is > ' ' and < (char)127, $"'{c}' in {kv.Key}"));
        });
        Assert.False(headers.ContainsKey(ClipMetadataCodec.TruncatedHeader));

        var back = ClipMetadataCodec.FromObjectMetadata(headers, Key);
        Assert.Equal(meta, back.Metadata);
        Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f9", back.Md5);
        Assert.Equal(2, back.SourceCount);
        Assert.Empty(back.Truncated);
    }

    [Fact]
    public void Header_names_are_read_case_insensitively_with_or_without_prefix()
    {
        var headers = ClipMetadataCodec.ToObjectMetadata(Meta())
            .ToDictionary(kv => kv.Key["x-amz-meta-".Length..].ToUpperInvariant(), kv => kv.Value); // as some clients return them
        Assert.Equal(Meta(), ClipMetadataCodec.FromObjectMetadata(headers, Key).Metadata);
    }

    [Fact]
    public void Source_ids_with_commas_and_spaces_survive()
    {
        var meta = Meta(sources: ["a,b", "c d", "ü/%", "x"]);
        Assert.Equal(meta, ClipMetadataCodec.FromObjectMetadata(ClipMetadataCodec.ToObjectMetadata(meta), Key).Metadata);
    }

    [Fact]
    public void Many_sources_are_cut_to_fit_2KB_and_the_cut_is_recorded()
    {
        var sources = Enumerable.Range(0, 500).Select(i => (1890000000000000000L + i).ToString()).ToArray();
        var headers = ClipMetadataCodec.ToObjectMetadata(Meta(sources: sources), new string('a', 32));
        Assert.True(ClipMetadataCodec.Size(headers) <= ClipMetadataCodec.MaxUserMetadataBytes, $"{ClipMetadataCodec.Size(headers)} bytes");
        Assert.Equal("source-ids", headers[ClipMetadataCodec.TruncatedHeader]);

        var back = ClipMetadataCodec.FromObjectMetadata(headers, Key);
        Assert.Equal(500, back.SourceCount);
        Assert.Contains("source-ids", back.Truncated);
        Assert.InRange(back.Metadata.SourceIds.Count, 20, 499);
        Assert.Equal(sources.Take(back.Metadata.SourceIds.Count), back.Metadata.SourceIds);
    }

    [Fact]
    public void Absurdly_long_names_are_cut_at_whole_characters()
    {
        var player = string.Concat(Enumerable.Repeat("e\u0301ñ", 400)); // combining accent must stay with its letter
        var team = new string('Ж', 1000);
        var headers = ClipMetadataCodec.ToObjectMetadata(Meta(player, team, sources: ["1"]));
        Assert.True(ClipMetadataCodec.Size(headers) <= ClipMetadataCodec.MaxUserMetadataBytes);
        Assert.True(headers["x-amz-meta-player"].Length <= ClipMetadataCodec.MaxEncodedNameBytes);
        var back = ClipMetadataCodec.FromObjectMetadata(headers, Key);
        Assert.StartsWith(back.Metadata.Player, player);
        Assert.EndsWith("ñ", back.Metadata.Player);
        Assert.StartsWith(back.Metadata.Team, team);
        Assert.Equal(["player", "team"], back.Truncated);
        Assert.Equal(["1"], back.Metadata.SourceIds);
    }

    [Fact]
    public void Foreign_or_damaged_metadata_falls_back_to_the_key()
    {
        var back = ClipMetadataCodec.FromObjectMetadata(new Dictionary<string, string>
        {
            ["Content-Type"] = "video/mp4",
            ["x-amz-meta-goal-id"] = "../etc",
            ["x-amz-meta-width"] = "wide",
            ["x-amz-meta-duration-s"] = "NaN",
            ["x-amz-meta-player"] = "%E0%A4%A", // malformed escape stays literal
            ["x-amz-meta-md5"] = "not-md5",
        }, Key);
        Assert.Equal(Key.GoalId, back.Metadata.GoalId);
        Assert.Equal(Key.FixtureId, back.Metadata.FixtureId);
        Assert.Equal(0, back.Metadata.Width);
        Assert.Equal(0, back.Metadata.DurationSeconds);
        Assert.Equal("%E0%A4%A", back.Metadata.Player);
        Assert.Null(back.Md5);
        Assert.Empty(back.Metadata.SourceIds);
    }

    [Fact]
    public void Sidecar_round_trips_and_keeps_names_readable()
    {
        var sidecar = new ClipSidecar(Meta(), "0a1b2c3d4e5f60718293a4b5c6d7e8f9", 123456, new DateTimeOffset(2026, 5, 1, 20, 15, 0, TimeSpan.Zero));
        var json = ClipMetadataCodec.ToSidecarJson(sidecar);
        Assert.Contains("\"player\": \"Á. Di María\"", json);
        Assert.Contains("\"schema\": 1", json);
        var back = ClipMetadataCodec.FromSidecarJson(json);
        Assert.Equal(sidecar.Metadata, back.Metadata);
        Assert.Equal(sidecar with { Metadata = back.Metadata }, back);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schema\": 2}")]
    [InlineData("{\"schema\": 1, \"goalId\": \"../x\", \"fixtureId\": 1}")]
    [InlineData("null")]
    public void Bad_sidecars_are_format_errors(string json) =>
        Assert.Throws<FormatException>(() => ClipMetadataCodec.FromSidecarJson(json));

    [Fact]
    public void Metadata_problems_name_the_fields()
    {
        var bad = new ClipMetadata("x/../", 0, null!, "t", ["ok", ""], double.NaN, -1, -1, -1, -1);
        var problems = string.Join(" ", bad.Problems());
        foreach (var field in new[] { "GoalId", "FixtureId", "Player", "SourceIds", "DurationSeconds", "Width", "Height", "BitRate", "Popularity" })
            Assert.Contains(field, problems);
        Assert.Throws<ArgumentException>(() => ClipMetadataCodec.ToObjectMetadata(bad));
        var other = ClipKey.Create(979139, "979139-4", "0a1b2c3d");
        Assert.Contains("979139-4", Assert.Throws<ArgumentException>(() => Meta().ValidateFor(other)).Message);
    }

    [Fact]
    public void Equality_compares_sources_element_by_element()
    {
        Assert.Equal(Meta(sources: ["1", "2"]), Meta(sources: ["1", "2"]));
        Assert.Equal(Meta(sources: ["1", "2"]).GetHashCode(), Meta(sources: ["1", "2"]).GetHashCode());
        Assert.NotEqual(Meta(sources: ["1", "2"]), Meta(sources: ["2", "1"]));
        Assert.Contains("SourceIds = [1, 2]", Meta(sources: ["1", "2"]).ToString());
    }

    /// <summary>Any text survives S3 metadata exactly when nothing had to be cut, and the headers are always ASCII within 2 KB.</summary>
    [Property(MaxTest = 500)]
    public bool Any_text_is_ascii_within_limit_and_round_trips_when_not_cut(NonNull<string> player, NonNull<string> team, NonNull<string>[] sources)
    {
        var ids = (sources ?? []).Select(s => s.Get).Where(s => s.Length > 0).ToArray();
        var meta = Meta(player.Get, team.Get, ids);
        var headers = ClipMetadataCodec.ToObjectMetadata(meta);
        var asciiWithinLimit = ClipMetadataCodec.Size(headers) <= ClipMetadataCodec.MaxUserMetadataBytes
                               && headers.All(kv => (kv.Key + kv.Value).All(c => c is > ' ' and < (char)127) || kv.Value.Length == 0);
        var back = ClipMetadataCodec.FromObjectMetadata(headers, Key);
        var lossless = headers.ContainsKey(ClipMetadataCodec.TruncatedHeader) || back.Metadata == WithoutLoneSurrogates(meta);
        return asciiWithinLimit && lossless;
    }

    // UTF-8 cannot carry lone surrogates; they come back as U+FFFD (real names never contain them).
    private static ClipMetadata WithoutLoneSurrogates(ClipMetadata m)
    {
        static string Fix(string s) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s));
        return m with { Player = Fix(m.Player), Team = Fix(m.Team), SourceIds = m.SourceIds.Select(Fix).ToArray() };
    }
}
