using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Footy.Storage;

/// <summary>What <see cref="ClipMetadataCodec.FromObjectMetadata"/> read back from S3 user metadata.</summary>
/// <param name="Metadata">The clip metadata (source ids possibly cut short, see <paramref name="Truncated"/>).</param>
/// <param name="Md5">Lowercase hex MD5 of the stored bytes as recorded by the writer, when present.</param>
/// <param name="SourceCount">How many source ids the writer had (may exceed <c>Metadata.SourceIds.Count</c>).</param>
/// <param name="Truncated">Names of the fields the writer had to cut to respect the size limit (empty when lossless).</param>
public sealed record DecodedObjectMetadata(ClipMetadata Metadata, string? Md5, int SourceCount, IReadOnlyList<string> Truncated);

/// <summary>The filesystem store's JSON sidecar: the metadata plus what the writer knew about the bytes.</summary>
/// <param name="Metadata">The clip metadata, lossless.</param>
/// <param name="Md5">Lowercase hex MD5 of the clip bytes written with this sidecar.</param>
/// <param name="Bytes">Size of the clip bytes written with this sidecar.</param>
/// <param name="StoredAt">When the writer stored them.</param>
public sealed record ClipSidecar(ClipMetadata Metadata, string Md5, long Bytes, DateTimeOffset StoredAt);

/// <summary>
/// Encodes <see cref="ClipMetadata"/> as S3 user metadata and as the filesystem store's JSON sidecar.
/// <para>
/// <b>S3 user metadata rule (schema 1).</b> Every header is <c>x-amz-meta-</c> + a lowercase name. Text values
/// (player, team, each source id) are UTF-8 percent-encoded: the RFC 3986 unreserved characters
/// <c>A-Z a-z 0-9 - . _ ~</c> stay as they are, every other byte becomes <c>%XX</c> (uppercase hex). So
/// "Á. Di María" is stored as <c>%C3%81.%20Di%20Mar%C3%ADa</c>: pure ASCII, no spaces for proxies to trim or
/// fold, and any percent-decoder (<c>Uri.UnescapeDataString</c>, <c>decodeURIComponent</c>, <c>urllib.parse.unquote</c>)
/// reads it back. Source ids are encoded one by one and joined with <c>,</c> (an encoded id never contains a
/// raw comma). Numbers use the invariant culture; the duration uses the round-trip format.
/// </para>
/// <para>
/// <b>Size limit.</b> S3 allows 2 KB of user metadata (sum of the UTF-8 lengths of names and values); this codec
/// counts names with their <c>x-amz-meta-</c> prefix and stays within <see cref="MaxUserMetadataBytes"/>. Player
/// and team are cut (at a whole character) so that each encodes to at most <see cref="MaxEncodedNameBytes"/>;
/// source ids are kept in order while they fit and the rest dropped; <c>source-count</c> always holds the full
/// count and <c>truncated</c> lists the fields that were cut. The journal and the filesystem sidecar keep
/// everything; S3 metadata is a convenience copy for people browsing the bucket.
/// </para>
/// </summary>
public static class ClipMetadataCodec
{
    /// <summary>S3's documented limit for user-defined metadata.</summary>
    public const int MaxUserMetadataBytes = 2048;

    /// <summary>Largest encoded player or team value.</summary>
    public const int MaxEncodedNameBytes = 600;

    /// <summary>Version of the metadata layout, stored as <c>x-amz-meta-footy-schema</c> and in the sidecar.</summary>
    public const int SchemaVersion = 1;

    public const string Prefix = "x-amz-meta-";
    public const string SchemaHeader = Prefix + "footy-schema";
    public const string GoalIdHeader = Prefix + "goal-id";
    public const string FixtureIdHeader = Prefix + "fixture-id";
    public const string PlayerHeader = Prefix + "player";
    public const string TeamHeader = Prefix + "team";
    public const string SourceIdsHeader = Prefix + "source-ids";
    public const string SourceCountHeader = Prefix + "source-count";
    public const string DurationHeader = Prefix + "duration-s";
    public const string WidthHeader = Prefix + "width";
    public const string HeightHeader = Prefix + "height";
    public const string BitRateHeader = Prefix + "bitrate";
    public const string PopularityHeader = Prefix + "popularity";
    public const string Md5Header = Prefix + "md5";
    public const string TruncatedHeader = Prefix + "truncated";

    /// <summary>
    /// S3 user metadata for <paramref name="meta"/> (full <c>x-amz-meta-*</c> header names, ASCII values), within
    /// <see cref="MaxUserMetadataBytes"/>. <paramref name="md5Hex"/>, when given, records the MD5 of the bytes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToObjectMetadata(ClipMetadata meta, string? md5Hex = null)
    {
        ArgumentNullException.ThrowIfNull(meta);
        meta.Validate();
        var h = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SchemaHeader] = SchemaVersion.ToString(CultureInfo.InvariantCulture),
            [GoalIdHeader] = meta.GoalId,
            [FixtureIdHeader] = meta.FixtureId.ToString(CultureInfo.InvariantCulture),
            [SourceCountHeader] = meta.SourceIds.Count.ToString(CultureInfo.InvariantCulture),
            [DurationHeader] = meta.DurationSeconds.ToString("R", CultureInfo.InvariantCulture),
            [WidthHeader] = meta.Width.ToString(CultureInfo.InvariantCulture),
            [HeightHeader] = meta.Height.ToString(CultureInfo.InvariantCulture),
            [BitRateHeader] = meta.BitRate.ToString(CultureInfo.InvariantCulture),
            [PopularityHeader] = meta.Popularity.ToString(CultureInfo.InvariantCulture),
        };
        if (md5Hex is not null)
        {
            if (md5Hex.Length != 32 || !md5Hex.All(char.IsAsciiHexDigit))
                throw new ArgumentException("An MD5 must be 32 hex characters.", nameof(md5Hex));
            h[Md5Header] = md5Hex.ToLowerInvariant();
        }

        var truncated = new List<string>();
        h[PlayerHeader] = EncodeCapped(meta.Player, MaxEncodedNameBytes, out var cut);
        if (cut) truncated.Add("player");
        h[TeamHeader] = EncodeCapped(meta.Team, MaxEncodedNameBytes, out cut);
        if (cut) truncated.Add("team");

        const int markerReserve = 21 + 22; // "x-amz-meta-truncated" + "player,team,source-ids" (+1 spare)
        var budget = MaxUserMetadataBytes - Size(h) - markerReserve - SourceIdsHeader.Length;
        var sources = new StringBuilder();
        var kept = 0;
        foreach (var id in meta.SourceIds)
        {
            var encoded = PercentEncode(id);
            var needed = encoded.Length + (kept > 0 ? 1 : 0);
            if (sources.Length + needed > budget) break;
            if (kept > 0) sources.Append(',');
            sources.Append(encoded);
            kept++;
        }
        if (kept < meta.SourceIds.Count) truncated.Add("source-ids");
        h[SourceIdsHeader] = sources.ToString();
        if (truncated.Count > 0) h[TruncatedHeader] = string.Join(",", truncated);
        return h;
    }

    /// <summary>
    /// Reads metadata written by <see cref="ToObjectMetadata"/>. Header names are matched case-insensitively,
    /// with or without the <c>x-amz-meta-</c> prefix (clients strip it differently). Missing or unreadable fields
    /// fall back to the key's ids, empty text and zeros: foreign or damaged metadata never makes a stored clip unreadable.
    /// </summary>
    public static DecodedObjectMetadata FromObjectMetadata(IEnumerable<KeyValuePair<string, string>> headers, ClipKey key)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(key);
        var m = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (name is null || value is null) continue;
            var bare = name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? name[Prefix.Length..] : name;
            m[bare] = value;
        }

        string Get(string header) => m.TryGetValue(header[Prefix.Length..], out var v) ? v.Trim() : "";
        long Long(string header) => long.TryParse(Get(header), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        int Int(string header) => int.TryParse(Get(header), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

        var goalId = Get(GoalIdHeader);
        if (!ClipKey.IsValidGoalId(goalId)) goalId = key.GoalId;
        var fixtureId = Long(FixtureIdHeader);
        if (fixtureId <= 0) fixtureId = key.FixtureId;
        var rawSources = Get(SourceIdsHeader);
        var sources = rawSources.Length == 0
            ? Array.Empty<string>()
            : rawSources.Split(',').Select(PercentDecode).ToArray();
        var duration = double.TryParse(Get(DurationHeader), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d >= 0 ? d : 0;
        var count = m.ContainsKey(SourceCountHeader[Prefix.Length..]) ? Math.Max(Int(SourceCountHeader), sources.Length) : sources.Length;
        var md5 = Get(Md5Header).ToLowerInvariant();
        var truncated = Get(TruncatedHeader);

        var meta = new ClipMetadata(
            goalId, fixtureId,
            PercentDecode(Get(PlayerHeader)), PercentDecode(Get(TeamHeader)),
            sources, duration,
            Math.Max(0, Int(WidthHeader)), Math.Max(0, Int(HeightHeader)), Math.Max(0, Long(BitRateHeader)), Math.Max(0, Int(PopularityHeader)));
        return new DecodedObjectMetadata(
            meta,
            md5.Length == 32 && md5.All(char.IsAsciiHexDigit) ? md5 : null,
            count,
            truncated.Length == 0 ? [] : truncated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Total size S3 counts for these headers (names with prefix + values, UTF-8).</summary>
    public static int Size(IReadOnlyDictionary<string, string> headers) =>
        headers.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(kv.Value));

    /// <summary>UTF-8 percent-encoding keeping only RFC 3986 unreserved characters.</summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Inverse of <see cref="PercentEncode"/>; malformed escapes are kept literally, never throws.</summary>
    public static string PercentDecode(string value) => Uri.UnescapeDataString(value ?? "");

    private static string EncodeCapped(string value, int maxBytes, out bool truncated)
    {
        var encoded = PercentEncode(value);
        truncated = false;
        if (encoded.Length <= maxBytes) return encoded;
        truncated = true;
        // Cut at whole text elements (a letter with its combining accents stays together).
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(value);
        var sb = new StringBuilder();
        var length = 0;
        while (elements.MoveNext())
        {
            var piece = PercentEncode(elements.GetTextElement());
            if (length + piece.Length > maxBytes) break;
            sb.Append(piece);
            length += piece.Length;
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- sidecar

    private static readonly JsonSerializerOptions SidecarJson = new()
    {
        WriteIndented = true,
        // Letters of every script stay readable; JSON-significant characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The filesystem store's JSON sidecar (UTF-8, lossless, no size limit).</summary>
    public static string ToSidecarJson(ClipSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var m = sidecar.Metadata;
        m.Validate();
        var dto = new SidecarDto
        {
            Schema = SchemaVersion,
            GoalId = m.GoalId,
            FixtureId = m.FixtureId,
            Player = m.Player,
            Team = m.Team,
            SourceIds = m.SourceIds.ToArray(),
            DurationSeconds = m.DurationSeconds,
            Width = m.Width,
            Height = m.Height,
            BitRate = m.BitRate,
            Popularity = m.Popularity,
            Md5 = sidecar.Md5,
            Bytes = sidecar.Bytes,
            StoredAt = sidecar.StoredAt,
        };
        return JsonSerializer.Serialize(dto, SidecarJson);
    }

    /// <summary>Reads a sidecar written by <see cref="ToSidecarJson"/>.</summary>
    /// <exception cref="FormatException">Not a sidecar (malformed JSON, unknown schema, invalid values).</exception>
    public static ClipSidecar FromSidecarJson(string json)
    {
        SidecarDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<SidecarDto>(json, SidecarJson);
        }
        catch (JsonException e)
        {
            throw new FormatException("The clip sidecar is not valid JSON: " + e.Message, e);
        }
        if (dto is null || dto.Schema != SchemaVersion)
            throw new FormatException($"The clip sidecar has schema {dto?.Schema.ToString(CultureInfo.InvariantCulture) ?? "(none)"}; this build reads schema {SchemaVersion}.");
        var meta = new ClipMetadata(
            dto.GoalId ?? "", dto.FixtureId, dto.Player ?? "", dto.Team ?? "", dto.SourceIds ?? [],
            dto.DurationSeconds, dto.Width, dto.Height, dto.BitRate, dto.Popularity);
        var problems = meta.Problems();
        if (problems.Count > 0) throw new FormatException("The clip sidecar holds invalid metadata: " + string.Join(" ", problems));
        return new ClipSidecar(meta, dto.Md5 ?? "", dto.Bytes, dto.StoredAt);
    }

    private sealed class SidecarDto
    {
        [JsonPropertyName("schema")] public int Schema { get; set; }
        [JsonPropertyName("goalId")] public string? GoalId { get; set; }
        [JsonPropertyName("fixtureId")] public long FixtureId { get; set; }
        [JsonPropertyName("player")] public string? Player { get; set; }
        [JsonPropertyName("team")] public string? Team { get; set; }
        [JsonPropertyName("sourceIds")] public string[]? SourceIds { get; set; }
        [JsonPropertyName("durationSeconds")] public double DurationSeconds { get; set; }
        [JsonPropertyName("width")] public int Width { get; set; }
        [JsonPropertyName("height")] public int Height { get; set; }
        [JsonPropertyName("bitRate")] public long BitRate { get; set; }
        [JsonPropertyName("popularity")] public int Popularity { get; set; }
        [JsonPropertyName("md5")] public string? Md5 { get; set; }
        [JsonPropertyName("bytes")] public long Bytes { get; set; }
        [JsonPropertyName("storedAt")] public DateTimeOffset StoredAt { get; set; }
    }
}
