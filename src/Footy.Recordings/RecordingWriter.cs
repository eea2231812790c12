using System.Globalization;
using System.Text;
using System.Text.Json;
using Footy.ApiFootball;
using Footy.Domain.Fixtures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Recordings;

/// <summary>
/// Writes a recording from live traffic (<c>footy record</c>): pass it as the client's
/// <see cref="IApiTrafficObserver"/> and bracket each poll cycle's ids calls with <see cref="BeginPoll"/> /
/// <see cref="EndPoll"/>. Thread-safe; every file is written atomically (temporary file + rename), so the
/// folder is a loadable recording at any moment. Pointing it at an existing recording with the same poll
/// interval appends to it (its start is kept).
/// </summary>
public sealed class RecordingWriter : IApiTrafficObserver
{
    /// <summary>Longest run of skipped polls filled with copies of the previous file; longer gaps are left empty.</summary>
    public const int MaxFilledPolls = 240;

    private readonly object _lock = new();
    private readonly string _name;
    private readonly ILogger _logger;
    private DateTimeOffset? _start;
    private int _lastIndex;
    private Cycle? _cycle;

    public RecordingWriter(string directory, string name, TimeSpan pollInterval, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (pollInterval <= TimeSpan.Zero || pollInterval > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "poll interval must be greater than 0 and at most one day");
        Directory = Path.GetFullPath(directory);
        _name = name;
        PollInterval = pollInterval;
        _logger = logger ?? NullLogger.Instance;

        if (File.Exists(Path.Combine(Directory, "recording.json")))
        {
            var existing = Recording.Load(Directory);
            if (existing.PollInterval != pollInterval)
                throw new RecordingFormatException(
                    $"{Path.Combine(Directory, "recording.json")}: existing recording polls every {existing.PollInterval.TotalSeconds} s, not {pollInterval.TotalSeconds} s; record into another folder");
            _start = existing.Start;
            _lastIndex = existing.PollCount;
        }
    }

    public string Directory { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>Index of the last poll file written (0 before the first).</summary>
    public int LastPollIndex
    {
        get { lock (_lock) return _lastIndex; }
    }

    /// <summary>Starts a poll cycle at wall-clock <paramref name="at"/> (the first one fixes the recording's start). An open cycle is ended first.</summary>
    public void BeginPoll(DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_cycle is not null)
            {
                _logger.LogWarning("Recording: poll cycle of {At:O} was not ended; ending it now", _cycle.At);
                EndPollLocked();
            }
            if (_start is null)
            {
                _start = at;
                WriteManifest();
            }
            _cycle = new Cycle(at);
        }
    }

    public void OnResponse(ApiTraffic traffic)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        lock (_lock)
        {
            switch (traffic.Kind)
            {
                case ApiRequestKind.FixturesByDate:
                    WriteFixtures(traffic);
                    break;
                case ApiRequestKind.FixturesByIds when _cycle is null:
                    _logger.LogWarning("Recording: ids response outside a poll cycle ignored ({Ids})", Key(traffic.Ids));
                    break;
                case ApiRequestKind.FixturesByIds:
                    _cycle.Add(traffic);
                    break;
            }
        }
    }

    /// <summary>
    /// Ends the cycle: writes its merged answer as poll <c>round((at - start) / interval) + 1</c>. Polls skipped
    /// since the previous file are filled with copies of it (up to <see cref="MaxFilledPolls"/>; a longer gap is
    /// left empty, which a reader answers the same way). A cycle that received no ids response writes nothing;
    /// a cycle mapping to an index already written overwrites that file.
    /// </summary>
    public void EndPoll()
    {
        lock (_lock) EndPollLocked();
    }

    private void EndPollLocked()
    {
        var cycle = _cycle;
        _cycle = null;
        if (cycle is null || cycle.Responses.Count == 0) return;

        var ratio = (cycle.At - _start!.Value).Ticks / (double)PollInterval.Ticks;
        var index = (int)Math.Max(1, Math.Round(ratio, MidpointRounding.AwayFromZero) + 1);
        if (index < _lastIndex)
        {
            _logger.LogWarning("Recording: poll at {At:O} maps to poll {Index}, before the last written ({Last}); overwriting the last", cycle.At, index, _lastIndex);
            index = _lastIndex;
        }

        var content = Compose(cycle.Responses);
        if (index > _lastIndex + 1)
        {
            if (index - _lastIndex - 1 <= MaxFilledPolls)
            {
                var previous = _lastIndex > 0 ? File.ReadAllBytes(PollPath(_lastIndex)) : Envelopes.Empty("ids", "");
                for (var k = _lastIndex + 1; k < index; k++) Envelopes.WriteAtomic(PollPath(k), previous);
            }
            else
            {
                // A long idle gap (e.g. overnight): leave it. A missing index is answered by the latest poll file
                // whose time is not after it, i.e. the previous one, exactly as copies would be.
                _logger.LogInformation("Recording: {Count} polls skipped since poll {Last}; left as a gap", index - _lastIndex - 1, _lastIndex);
            }
        }
        Envelopes.WriteAtomic(PollPath(index), content);
        _lastIndex = index;
    }

    private string PollPath(int k) =>
        Path.Combine(Directory, "polls", k.ToString("D6", CultureInfo.InvariantCulture) + ".json");

    /// <summary>
    /// One poll file for the cycle. The successful calls (200, an envelope with empty <c>errors</c>) are merged:
    /// their fixtures concatenated, <c>results</c> summed, <c>parameters.ids</c> joined; a failed call among
    /// successful ones is left out, so its fixtures are missing from that poll, as they were from what the
    /// daemon learnt live. Only when every call failed does the file carry the fault: the first non-200 answer
    /// as <c>{"status":N,"body":...}</c>, else the first error envelope or unreadable body as-is.
    /// </summary>
    private byte[] Compose(IReadOnlyList<ApiTraffic> responses)
    {
        var docs = new List<JsonDocument>();
        try
        {
            var good = new List<(ApiTraffic Traffic, JsonElement Root)>();
            ApiTraffic? firstNon200 = null, firstBad200 = null;
            foreach (var r in responses)
            {
                if (r.HttpStatus != 200)
                {
                    firstNon200 ??= r;
                    continue;
                }
                JsonDocument doc;
                try { doc = JsonDocument.Parse(r.Body); }
                catch (JsonException)
                {
                    firstBad200 ??= r;
                    continue;
                }
                docs.Add(doc);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Envelopes.HasErrors(root)
                    || !root.TryGetProperty("response", out var resp) || resp.ValueKind != JsonValueKind.Array)
                {
                    firstBad200 ??= r;
                    continue;
                }
                good.Add((r, root));
            }

            if (good.Count == 0)
                return firstNon200 is not null ? StatusFile(firstNon200) : Encoding.UTF8.GetBytes(firstBad200!.Body);
            if (good.Count < responses.Count)
                _logger.LogWarning("Recording: {Failed} of {Calls} calls of this poll failed; their fixtures are missing from the poll file",
                    responses.Count - good.Count, responses.Count);

            var fixtures = new List<string>();
            foreach (var (_, root) in good)
                foreach (var item in root.GetProperty("response").EnumerateArray())
                    fixtures.Add(item.GetRawText());
            var ids = string.Join("-", good.SelectMany(g => g.Traffic.Ids ?? []).Select(i => i.ToString()));
            var get = good[0].Root.TryGetProperty("get", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "fixtures";
            return Envelopes.Build(get, "ids", ids, fixtures);
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    private static byte[] StatusFile(ApiTraffic fault)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("status", fault.HttpStatus);
            w.WritePropertyName("body");
            if (IsJson(fault.Body)) w.WriteRawValue(fault.Body);
            else w.WriteStringValue(fault.Body);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool IsJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void WriteFixtures(ApiTraffic traffic)
    {
        if (traffic.Date is not { } date) return;
        if (traffic.HttpStatus != 200)
        {
            _logger.LogWarning("Recording: fixtures of {Date} not written: HTTP {Status}", date, traffic.HttpStatus);
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(traffic.Body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Envelopes.HasErrors(root)
                || !root.TryGetProperty("response", out var resp) || resp.ValueKind != JsonValueKind.Array)
            {
                _logger.LogWarning("Recording: fixtures of {Date} not written: the answer is an error or not an envelope", date);
                return;
            }
        }
        catch (JsonException)
        {
            _logger.LogWarning("Recording: fixtures of {Date} not written: the answer is not JSON", date);
            return;
        }
        var path = Path.Combine(Directory, "fixtures", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json");
        Envelopes.WriteAtomic(path, traffic.Body);
    }

    private void WriteManifest()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", _name);
            w.WriteString("start", _start!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            var seconds = PollInterval.TotalSeconds;
            if (seconds == Math.Floor(seconds)) w.WriteNumber("poll_interval_seconds", (long)seconds);
            else w.WriteNumber("poll_interval_seconds", seconds);
            w.WriteEndObject();
        }
        Envelopes.WriteAtomic(Path.Combine(Directory, "recording.json"), buffer.ToArray());
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "polls"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "fixtures"));
    }

    private static string Key(IReadOnlyList<FixtureId>? ids) => ids is null ? "" : string.Join("-", ids);

    private sealed class Cycle(DateTimeOffset at)
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, ApiTraffic> _last = new(StringComparer.Ordinal);

        public DateTimeOffset At { get; } = at;

        /// <summary>The final answer of each distinct call of the cycle (a retried call keeps its last response), in call order.</summary>
        public IReadOnlyList<ApiTraffic> Responses => _order.Select(k => _last[k]).ToList();

        public void Add(ApiTraffic traffic)
        {
            var key = Key(traffic.Ids);
            if (!_last.ContainsKey(key)) _order.Add(key);
            _last[key] = traffic;
        }
    }
}
