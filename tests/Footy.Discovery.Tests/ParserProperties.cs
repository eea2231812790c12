using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Footy.Discovery.Tests;

/// <summary>Hostile-input properties: parsers never throw, normalisation is stable.</summary>
public sealed class ParserProperties
{
    private static readonly string[] JsonBits =
    [
        "{", "}", "[", "]", ",", ":", "\"posts\"", "\"id\"", "\"posted_at\"", "\"video_url\"", "\"mediaDetails\"", "\"video_info\"",
        "\"variants\"", "\"bitrate\"", "\"content_type\"", "\"video/mp4\"", "\"url\"", "\"https://v/a.mp4\"", "\"2022-12-18T15:00:00Z\"",
        "1", "-1", "1e309", "null", "true", "\"\\u0000\"", "\"type\"", "\"video\"", "\"data\"", "\"children\"", "\"title\"", "\"created_utc\"",
    ];

    private static Arbitrary<string> JsonIsh() =>
        Gen.ArrayOf(Gen.Elements(JsonBits)).Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Search_service_parser_never_throws() => Prop.ForAll(JsonIsh(), s =>
    {
        var (clips, failure) = SearchServiceSource.Parse(Encoding.UTF8.GetBytes(s), new SearchServiceOptions());
        Assert.True(failure is not null || clips is not null);
        Assert.All(clips, c => Assert.True(c.VideoUrl is not null || c.PageUrl is not null));
    });

    [Property(MaxTest = 500)]
    public Property Syndication_parser_never_throws() => Prop.ForAll(JsonIsh(), s =>
    {
        var r = XSyndicationResolver.Choose(Encoding.UTF8.GetBytes(s), 1_000_000);
        Assert.True(r.Succeeded ^ (r.FailureKind is not null));
    });

    [Property(MaxTest = 500)]
    public Property Reddit_listing_parser_never_throws() => Prop.ForAll(JsonIsh(), s =>
    {
        var (posts, failure) = RedditSource.ParseListing(Encoding.UTF8.GetBytes(s));
        Assert.True(posts is not null ^ failure is not null);
    });

    [Property(MaxTest = 300)]
    public void Parsers_survive_random_bytes(byte[] bytes)
    {
        bytes ??= [];
        _ = SearchServiceSource.Parse(bytes, new SearchServiceOptions());
        _ = XSyndicationResolver.Choose(bytes, 1_000_000);
        _ = RedditSource.ParseListing(bytes);
        _ = VideoSniffer.Detect(bytes);
    }

    [Property(MaxTest = 1000)]
    public void Normalisation_is_idempotent_and_canonical(string? text)
    {
        var n = TextNormalizer.Normalize(text);
        Assert.Equal(n, TextNormalizer.Normalize(n));
        Assert.Equal(n, TextNormalizer.Normalize(TextNormalizer.StripAccents(text)));
        Assert.False(n.StartsWith(' ') || n.EndsWith(' ') || n.Contains("  "));
    }

    [Fact]
    public void Lone_surrogates_do_not_break_anything()
    {
        Assert.Equal("abc x", TextNormalizer.Normalize("abc\uD800x"));
        Assert.Equal("ab\uFFFD", TextNormalizer.StripAccents("ab\uDC00"));
        var body = Encoding.UTF8.GetBytes("{\"posts\":[{\"id\":\"1\",\"text\":\"x\\ud800y\",\"posted_at\":\"2022-12-18T15:00:00Z\",\"video_url\":\"https://v/a.mp4\"}]}");
        var (clips, failure) = SearchServiceSource.Parse(body, new SearchServiceOptions());
        Assert.Null(failure);
        Assert.Equal("", Assert.Single(clips).Text);
        Assert.Equal(12, RedditTitleParser.Parse("Arsenal [1] - 0 Chelsea - Sa\uD800ka 12'")!.Minute);
        Assert.False(ScorerName.Parse("Sa\uD800ka").Matches("Saka"));
    }

    [Property(MaxTest = 500)]
    public void Scorer_names_match_themselves_and_never_throw(string? name)
    {
        var n = ScorerName.Parse(name);
        if (!n.IsEmpty) Assert.True(n.Matches(name));
        Assert.All(n.Variants, v => Assert.False(string.IsNullOrWhiteSpace(v)));
    }
}
