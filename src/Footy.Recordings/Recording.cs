using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Footy.Recordings;

/// <summary>A clip a replayed video search can find (from <c>clips/index.json</c>).</summary>
/// <param name="File">File name as written in the index, relative to <c>clips/</c>.</param>
/// <param name="FilePath">Absolute path of the file (it is not checked to exist at load time).</param>
public sealed record RecordedClip(string Id, string File, int AvailableFromPoll, string Text, string? Author, string FilePath);

/// <summary>
/// A recorded match day (see the recording format): <c>recording.json</c>, <c>fixtures/&lt;date&gt;.json</c>,
/// <c>polls/NNNNNN.json</c>, optional <c>clips/index.json</c>. Loading reads only names and small files;
/// poll bodies are read lazily by <see cref="RecordingServer"/>.
/// </summary>
public sealed partial class Recording
{
    private readonly SortedDictionary<int, string> _polls;
    private readonly int[] _pollIndices;

    private Recording(string directory, string name, DateTimeOffset start, TimeSpan pollInterval,
        IReadOnlyList<DateOnly> fixtureDates, SortedDictionary<int, string> polls, IReadOnlyList<RecordedClip> clips)
    {
        Directory = directory;
        Name = name;
        Start = start;
        PollInterval = pollInterval;
        FixtureDates = fixtureDates;
        _polls = polls;
        _pollIndices = polls.Keys.ToArray();
        PollCount = _pollIndices.Length == 0 ? 0 : _pollIndices[^1];
        Clips = clips;
    }

    /// <summary>Absolute path of the recording folder.</summary>
    public string Directory { get; }

    public string Name { get; }

    /// <summary>Virtual (originally wall-clock) time of poll 1.</summary>
    public DateTimeOffset Start { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>Dates that have a <c>fixtures/&lt;date&gt;.json</c>, ascending.</summary>
    public IReadOnlyList<DateOnly> FixtureDates { get; }

    /// <summary>Highest poll index present in <c>polls/</c> (0 when there is none). Missing indices below it are answered from the previous file.</summary>
    public int PollCount { get; }

    /// <summary>Time of the last poll; <see cref="Start"/> when the recording has no poll.</summary>
    public DateTimeOffset LastPollAt => PollCount == 0 ? Start : PollTime(PollCount);

    /// <summary>Clips of <c>clips/index.json</c>, in file order; empty when there is none.</summary>
    public IReadOnlyList<RecordedClip> Clips { get; }

    /// <summary>Virtual time of poll <paramref name="k"/> (1-based): <c>Start + (k-1) * PollInterval</c>.</summary>
    public DateTimeOffset PollTime(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Start + TimeSpan.FromTicks(checked((k - 1) * PollInterval.Ticks));
    }

    /// <summary>The latest poll whose time is not after <paramref name="t"/> (the last poll after the end); null before poll 1 or with no polls.</summary>
    public int? PollIndexAt(DateTimeOffset t)
    {
        if (PollCount == 0 || t < Start) return null;
        var k = (t - Start).Ticks / PollInterval.Ticks + 1;
        return (int)Math.Min(k, PollCount);
    }

    /// <summary>Path of the file that answers poll <paramref name="k"/>: the latest existing poll file with index &lt;= k.</summary>
    internal string? PollFileFor(int k)
    {
        var i = Array.BinarySearch(_pollIndices, k);
        if (i < 0) i = ~i - 1;
        return i < 0 ? null : _polls[_pollIndices[i]];
    }

    internal string FixturesFile(DateOnly date) =>
        Path.Combine(Directory, "fixtures", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json");

    /// <summary>Reads and validates a recording folder; throws <see cref="RecordingFormatException"/> naming the file and field at fault.</summary>
    public static Recording Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
            throw new RecordingFormatException($"Recording folder '{dir}' does not exist");

        var manifest = Path.Combine(dir, "recording.json");
        if (!File.Exists(manifest))
            throw new RecordingFormatException($"{manifest}: missing (every recording needs recording.json with name, start and poll_interval_seconds)");
        var (name, start, interval) = ReadManifest(manifest);

        var dates = new List<DateOnly>();
        var fixturesDir = Path.Combine(dir, "fixtures");
        if (System.IO.Directory.Exists(fixturesDir))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(fixturesDir, "*.json"))
            {
                var stem = Path.GetFileNameWithoutExtension(file);
                if (!DateOnly.TryParseExact(stem, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw new RecordingFormatException($"{file}: file name must be a date, fixtures/YYYY-MM-DD.json");
                dates.Add(d);
            }
            dates.Sort();
        }

        var polls = new SortedDictionary<int, string>();
        var pollsDir = Path.Combine(dir, "polls");
        if (System.IO.Directory.Exists(pollsDir))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(pollsDir, "*.json"))
            {
                var stem = Path.GetFileNameWithoutExtension(file);
                if (!PollName().IsMatch(stem) || !int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
                    throw new RecordingFormatException($"{file}: file name must be the poll number, from 1, e.g. polls/000001.json");
                if (polls.TryGetValue(k, out var other))
                    throw new RecordingFormatException($"{file}: poll {k} is also in {other}");
                polls[k] = file;
            }
        }

        var clips = ReadClips(dir);
        return new Recording(dir, name, start, interval, dates, polls, clips);
    }

    [GeneratedRegex("^[0-9]{1,9}$")]
    private static partial Regex PollName();

    private static (string Name, DateTimeOffset Start, TimeSpan Interval) ReadManifest(string file)
    {
        using var doc = ParseFile(file);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new RecordingFormatException($"{file}: must be a JSON object with name, start and poll_interval_seconds");

        if (!root.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(n.GetString()))
            throw new RecordingFormatException($"{file}: field 'name' must be a non-empty string");

        if (!root.TryGetProperty("start", out var s) || s.ValueKind != JsonValueKind.String)
            throw new RecordingFormatException($"{file}: field 'start' must be an ISO 8601 time string, e.g. \"2022-12-18T14:35:00Z\"");
        if (!DateTimeOffset.TryParse(s.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
            throw new RecordingFormatException($"{file}: field 'start' is not an ISO 8601 time: '{s.GetString()}'");

        if (!root.TryGetProperty("poll_interval_seconds", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out var seconds))
            throw new RecordingFormatException($"{file}: field 'poll_interval_seconds' must be a number of seconds greater than 0");
        if (!(seconds > 0) || seconds > 86400 || double.IsNaN(seconds))
            throw new RecordingFormatException($"{file}: field 'poll_interval_seconds' must be greater than 0 and at most 86400 (got {p.GetRawText()})");
        var interval = TimeSpan.FromSeconds(seconds);
        if (interval <= TimeSpan.Zero)
            throw new RecordingFormatException($"{file}: field 'poll_interval_seconds' is too small (got {p.GetRawText()})");

        return (n.GetString()!, start, interval);
    }

    private static IReadOnlyList<RecordedClip> ReadClips(string dir)
    {
        var clipsDir = Path.Combine(dir, "clips");
        var index = Path.Combine(clipsDir, "index.json");
        if (!File.Exists(index)) return [];
        using var doc = ParseFile(index);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new RecordingFormatException($"{index}: must be a JSON array of clips");
        var clips = new List<RecordedClip>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var where = $"{index}: clip [{i}]";
            if (c.ValueKind != JsonValueKind.Object) throw new RecordingFormatException($"{where} must be an object");
            var id = c.TryGetProperty("id", out var idEl) ? idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString(),
                JsonValueKind.Number => idEl.GetRawText(),
                _ => null,
            } : null;
            if (string.IsNullOrWhiteSpace(id)) throw new RecordingFormatException($"{where}: field 'id' must be a non-empty string");
            if (!ids.Add(id)) throw new RecordingFormatException($"{where}: field 'id' '{id}' is used by another clip");
            var file = c.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (string.IsNullOrWhiteSpace(file)) throw new RecordingFormatException($"{where}: field 'file' must be a non-empty string");
            var full = Path.GetFullPath(Path.Combine(clipsDir, file));
            if (!full.StartsWith(Path.GetFullPath(clipsDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new RecordingFormatException($"{where}: field 'file' '{file}' must name a file inside clips/");
            if (!c.TryGetProperty("available_from_poll", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out var from) || from < 1)
                throw new RecordingFormatException($"{where}: field 'available_from_poll' must be an integer >= 1");
            var text = c.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (text is null) throw new RecordingFormatException($"{where}: field 'text' must be a string");
            var author = c.TryGetProperty("author", out var au) && au.ValueKind == JsonValueKind.String ? au.GetString() : null;
            clips.Add(new RecordedClip(id, file, from, text, author, full));
            i++;
        }
        return clips;
    }

    private static JsonDocument ParseFile(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RecordingFormatException($"{file}: not valid JSON ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new RecordingFormatException($"{file}: cannot be read ({e.Message})", e);
        }
    }
}
