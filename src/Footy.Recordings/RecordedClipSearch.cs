using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Footy.Recordings;

/// <summary>
/// The search-service protocol (docs/search-service.md) over a recording's <c>clips/index.json</c>, at virtual time:
/// a clip is found by <c>GET /search?q=&amp;since=&amp;limit=</c> when now &gt;= the time of its <c>available_from_poll</c>
/// (its posting time), every word of <c>q</c> is a word of its text (case- and accent-insensitive), and <c>since</c>
/// &lt;= its posting time. Results are ordered by posting time, then index order, and cut to <c>limit</c>.
/// </summary>
internal sealed class RecordedClipSearch
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxQueryChars = 512;

    private readonly Recording _recording;
    private readonly (RecordedClip Clip, HashSet<string> Words, DateTimeOffset PostedAt)[] _clips;
    private readonly Dictionary<string, RecordedClip> _byFile = new(StringComparer.Ordinal);

    public RecordedClipSearch(Recording recording)
    {
        _recording = recording;
        _clips = recording.Clips
            .Select(c => (c, ClipText.Words(c.Text).ToHashSet(StringComparer.Ordinal), recording.PollTime(c.AvailableFromPoll)))
            .ToArray();
        foreach (var c in recording.Clips)
            _byFile.TryAdd(c.File.Replace('\\', '/'), c);
    }

    /// <summary>Result of one search request: a status code and a JSON body.</summary>
    public (int Status, byte[] Body) Search(string? q, string? since, string? limit, DateTimeOffset now, Uri baseUrl)
    {
        if (q is null || q.Length > MaxQueryChars)
            return Error(400, q is null ? "parameter 'q' is required" : $"parameter 'q' is longer than {MaxQueryChars} characters");
        var words = ClipText.Words(q);
        if (words.Length == 0) return Error(400, "parameter 'q' has no words");

        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
                return Error(400, "parameter 'since' must be an ISO-8601 time, e.g. 2022-12-18T15:00:00Z");
            from = s;
        }

        var max = DefaultLimit;
        if (!string.IsNullOrEmpty(limit))
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1)
                return Error(400, $"parameter 'limit' must be an integer between 1 and {MaxLimit}");
            max = Math.Min(max, MaxLimit);
        }

        var found = _clips
            .Select((c, i) => (c.Clip, c.Words, c.PostedAt, Index: i))
            .Where(c => c.PostedAt <= now && (from is null || from.Value <= c.PostedAt) && words.All(c.Words.Contains))
            .OrderBy(c => c.PostedAt).ThenBy(c => c.Index)
            .Take(max);

        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("posts");
            foreach (var c in found)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Clip.Id);
                w.WriteString("text", c.Clip.Text);
                if (c.Clip.Author is null) w.WriteNull("author");
                else w.WriteString("author", c.Clip.Author);
                w.WriteString("posted_at", c.PostedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                w.WriteString("video_url", ClipUrl(baseUrl, c.Clip.File).AbsoluteUri);
                w.WriteNull("page_url");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return (200, ms.ToArray());
    }

    /// <summary>The clip whose index <c>file</c> is exactly <paramref name="relative"/> (after URL decoding); only indexed files are ever served.</summary>
    public RecordedClip? ClipForFile(string relative)
    {
        if (!_byFile.TryGetValue(relative, out var clip)) return null;
        var clipsDir = Path.GetFullPath(Path.Combine(_recording.Directory, "clips")) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(clip.FilePath);
        return full.StartsWith(clipsDir, StringComparison.Ordinal) ? clip : null;
    }

    public static Uri ClipUrl(Uri baseUrl, string file) =>
        new(baseUrl, "clips/" + string.Join('/', file.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString)));

    public static string ContentTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" => "video/mp4",
        ".webm" => "video/webm",
        ".mov" => "video/quicktime",
        ".mkv" => "video/x-matroska",
        ".ts" => "video/mp2t",
        _ => "application/octet-stream",
    };

    private static (int, byte[]) Error(int status, string message) =>
        (status, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = message }));
}

/// <summary>
/// Text normalisation for matching, identical to <c>Footy.Discovery.TextNormalizer</c>: decomposed, combining marks
/// dropped, ø/ß/æ/œ/ł/đ/ð/þ/ı/ħ folded, lower-cased, runs of non-letters/digits → one space.
/// </summary>
internal static class ClipText
{
    public static string[] Words(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        if (text.Length > 8192) text = text[..8192];
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        string decomposed;
        try
        {
            decomposed = text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            // Lone surrogates make Normalize throw: replace them, as Footy.Discovery.TextNormalizer does.
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
                else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
            }
            decomposed = new string(chars).Normalize(NormalizationForm.FormD);
        }
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            var fold = ch switch
            {
                'ø' or 'Ø' => "o", 'ß' or 'ẞ' => "ss", 'æ' or 'Æ' => "ae", 'œ' or 'Œ' => "oe", 'ł' or 'Ł' => "l",
                'đ' or 'Đ' or 'ð' or 'Ð' => "d", 'þ' or 'Þ' => "th", 'ı' => "i", 'ħ' or 'Ħ' => "h",
                _ => null,
            };
            if (fold is null && !char.IsLetterOrDigit(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            if (fold is not null) sb.Append(fold);
            else sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.Length == 0 ? [] : sb.ToString().Split(' ');
    }
}
