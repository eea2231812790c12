using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Footy.Scenarios;

/// <summary>How a <see cref="PollFault"/> is written into its poll file.</summary>
public enum PollFaultShape
{
    /// <summary>A 200 envelope with a non-empty <c>errors</c> object.</summary>
    ErrorsEnvelope,
    /// <summary><c>{"status": N, "body": {"message": ...}}</c>: a non-200 answer with a JSON body.</summary>
    HttpError,
    /// <summary><c>{"status": N, "body": "..."}</c>: a non-200 answer whose body is plain text (an HTML error page).</summary>
    TextBody,
    /// <summary>The file is the body itself, not JSON, answered with 200 (an HTML page where JSON was expected).</summary>
    RawText,
    /// <summary>The poll's real body cut in half: not JSON, answered with 200.</summary>
    Truncated,
}

/// <summary>
/// An upstream fault served instead of a poll's data: a non-200 answer written as
/// <c>{"status": 429, "body": {...}}</c>, a 200 envelope with a non-empty <c>errors</c> object, a text body, or
/// the real body truncated. Every one is a failed poll: it counts neither as seen nor as missing.
/// </summary>
public sealed record PollFault(int Status, string ErrorKey, string Message, PollFaultShape Shape)
{
    public static PollFault TooManyRequests(string message = "Too many requests") => new(429, "", message, PollFaultShape.HttpError);

    public static PollFault ServerError(int status = 500, string message = "Internal Server Error") => new(status, "", message, PollFaultShape.HttpError);

    public static PollFault ErrorsEnvelope(string key = "requests", string message = "You have reached the request limit for the day")
        => new(200, key, message, PollFaultShape.ErrorsEnvelope);

    /// <summary>An HTML page where JSON was expected (a proxy's error page, with the given status).</summary>
    public static PollFault HtmlPage(int status = 200) =>
        new(status, "", "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            status == 200 ? PollFaultShape.RawText : PollFaultShape.TextBody);

    public static PollFault TruncatedJson() => new(200, "", "", PollFaultShape.Truncated);

    public bool IsHttpError => Status != 200;
}

/// <summary>
/// A recorded match day: several <see cref="MatchScenario"/>s polled every <see cref="PollIntervalSeconds"/>
/// from <see cref="Start"/> for <see cref="PollCount"/> polls. <see cref="WriteRecording"/> writes it in the
/// format of docs "Recorded matches" (recording.json, fixtures/, polls/).
/// </summary>
public sealed class DayScenario
{
    /// <summary>A fixture is in the poll answers from this long before its kickoff on.</summary>
    public static readonly TimeSpan ActivationLead = TimeSpan.FromMinutes(30);

    private readonly List<MatchScenario> _matches = new();
    private readonly SortedDictionary<int, PollFault> _faults = new();
    private readonly List<(int FixtureId, int From, int To)> _vanished = new();
    private int? _eventShuffleSeed;

    public DayScenario(string name, DateTimeOffset start, int pollCount, int pollIntervalSeconds = 30)
    {
        if (pollIntervalSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(pollIntervalSeconds));
        if (pollCount < 1) throw new ArgumentOutOfRangeException(nameof(pollCount));
        Name = name;
        Start = start.ToUniversalTime();
        PollIntervalSeconds = pollIntervalSeconds;
        PollCount = pollCount;
    }

    public string Name { get; }
    public DateTimeOffset Start { get; }
    public int PollIntervalSeconds { get; }
    public int PollCount { get; private set; }
    public PollClock Clock => new(Start, PollIntervalSeconds);
    public IReadOnlyList<MatchScenario> Matches => _matches;
    public IReadOnlyDictionary<int, PollFault> Faults => _faults;

    public DayScenario Add(MatchScenario match)
    {
        if (_matches.Any(m => m.FixtureId == match.FixtureId))
            throw new InvalidOperationException($"Fixture {match.FixtureId} is already in the day.");
        _matches.Add(match);
        return this;
    }

    public DayScenario WithPollCount(int pollCount)
    {
        if (pollCount < 1) throw new ArgumentOutOfRangeException(nameof(pollCount));
        PollCount = pollCount;
        return this;
    }

    public DayScenario Fault(int poll, PollFault fault)
    {
        if (poll < 1 || poll > PollCount) throw new ArgumentOutOfRangeException(nameof(poll));
        _faults[poll] = fault;
        return this;
    }

    public DayScenario TooManyRequests(int poll) => Fault(poll, PollFault.TooManyRequests());

    public DayScenario ErrorsEnvelope(int poll, string key = "requests", string message = "You have reached the request limit for the day")
        => Fault(poll, PollFault.ErrorsEnvelope(key, message));

    public PollFault? FaultAt(int poll) => _faults.TryGetValue(poll, out var f) ? f : null;

    /// <summary>The fixture is missing from the answers of polls <paramref name="from"/> to <paramref name="to"/>, then comes back.</summary>
    public DayScenario Vanish(int fixtureId, int from, int to)
    {
        if (_matches.All(m => m.FixtureId != fixtureId)) throw new ArgumentException($"No fixture {fixtureId} in the day.", nameof(fixtureId));
        if (from < 1 || to < from || to > PollCount) throw new ArgumentOutOfRangeException(nameof(to));
        _vanished.Add((fixtureId, from, to));
        return this;
    }

    /// <summary>Every poll lists each fixture's events in a random order (deterministic per seed and poll) instead of the API's.</summary>
    public DayScenario ShuffleEvents(int seed)
    {
        _eventShuffleSeed = seed;
        return this;
    }

    public DateTimeOffset TimeOf(int poll) => Clock.TimeOf(poll);

    /// <summary>The latest poll whose time is not after <paramref name="t"/>.</summary>
    public int PollAt(DateTimeOffset t) => Clock.PollAt(t);

    /// <summary>Fixtures in the order the API lists them (kickoff, then id).</summary>
    public IEnumerable<MatchScenario> OrderedMatches => _matches.OrderBy(m => m.Kickoff).ThenBy(m => m.FixtureId);

    /// <summary>True when the fixture is in the answer of poll <paramref name="poll"/> (kicked off, or
    /// within 30 minutes of kickoff).</summary>
    public bool InPoll(MatchScenario match, int poll) =>
        TimeOf(poll) >= match.Kickoff - ActivationLead
        && !_vanished.Any(v => v.FixtureId == match.FixtureId && v.From <= poll && poll <= v.To);

    public IReadOnlyList<MatchScenario> FixturesInPoll(int poll) => OrderedMatches.Where(m => InPoll(m, poll)).ToList();

    public IReadOnlyList<DateOnly> Dates =>
        _matches.Select(m => DateOnly.FromDateTime(m.Kickoff.UtcDateTime)).Distinct().Order().ToList();

    public FixtureSnapshot Snapshot(MatchScenario match, int poll) => match.SnapshotAt(poll, Clock, PollCount);

    // ---------------------------------------------------------------- files

    public string RecordingJson() => ApiJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteString("start", Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("poll_interval_seconds", PollIntervalSeconds);
        w.WriteEndObject();
    }, indented: true);

    /// <summary>Body of <c>GET /fixtures?date=</c> for <paramref name="date"/> as seen at the daily ingest
    /// (every fixture NS, no events).</summary>
    public string FixturesFileJson(DateOnly date) => ApiJson.Write(w =>
    {
        var list = OrderedMatches.Where(m => DateOnly.FromDateTime(m.Kickoff.UtcDateTime) == date).ToList();
        ApiJson.WriteEnvelopeStart(w, "date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, list.Count);
        foreach (var m in list) ApiJson.WriteFixture(w, m, null);
        ApiJson.WriteEnvelopeEnd(w);
    }, indented: true);

    /// <summary>Body of poll file <paramref name="poll"/>: <c>GET /fixtures?ids=</c> for every fixture in play.</summary>
    public string PollFileJson(int poll)
    {
        if (poll < 1 || poll > PollCount) throw new ArgumentOutOfRangeException(nameof(poll));
        var fixtures = FixturesInPoll(poll);
        var ids = string.Join('-', fixtures.Select(f => f.FixtureId.ToString(CultureInfo.InvariantCulture)));
        var fault = FaultAt(poll);
        if (fault is { Shape: PollFaultShape.Truncated })
        {
            var whole = PollBody(poll, ids, fixtures);
            return whole[..(whole.Length / 2)];
        }
        return fault switch
        {
            { Shape: PollFaultShape.RawText } => fault.Message,
            { Shape: PollFaultShape.HttpError or PollFaultShape.TextBody } => ApiJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("status", fault.Status);
                if (fault.Shape == PollFaultShape.TextBody)
                {
                    w.WriteString("body", fault.Message);
                }
                else
                {
                    w.WriteStartObject("body");
                    w.WriteString("message", fault.Message);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }, indented: false),
            { Shape: PollFaultShape.ErrorsEnvelope } => ApiJson.Write(w =>
            {
                ApiJson.WriteEnvelopeStart(w, "ids", ids, new KeyValuePair<string, string>(fault.ErrorKey, fault.Message), 0);
                ApiJson.WriteEnvelopeEnd(w);
            }, indented: false),
            _ => PollBody(poll, ids, fixtures),
        };
    }

    private string PollBody(int poll, string ids, IReadOnlyList<MatchScenario> fixtures) => ApiJson.Write(w =>
    {
        ApiJson.WriteEnvelopeStart(w, "ids", ids, null, fixtures.Count);
        foreach (var m in fixtures) ApiJson.WriteFixture(w, m, ListedEvents(Snapshot(m, poll), m.FixtureId));
        ApiJson.WriteEnvelopeEnd(w);
    }, indented: false);

    private FixtureSnapshot ListedEvents(FixtureSnapshot snapshot, int fixtureId)
    {
        if (_eventShuffleSeed is not { } seed) return snapshot;
        var random = new Random(HashCode.Combine(seed, snapshot.Poll, fixtureId));
        return snapshot with { Events = snapshot.Events.OrderBy(_ => random.Next()).ToList() };
    }

    public static string PollFileName(int poll) => poll.ToString("D6", CultureInfo.InvariantCulture) + ".json";

    /// <summary>Writes the recording and its expected.json (see <see cref="ExpectedOutcome"/>) into <paramref name="dir"/>
    /// and returns the expected outcome.</summary>
    public ExpectedOutcome WriteRecordingWithExpected(string dir)
    {
        WriteRecording(dir);
        var expected = ExpectedOutcome.ForDay(this);
        expected.WriteExpected(Path.Combine(dir, "expected.json"));
        return expected;
    }

    /// <summary>Writes recording.json, fixtures/&lt;date&gt;.json and polls/NNNNNN.json into <paramref name="dir"/>.
    /// Existing *.json files under fixtures/ and polls/ are removed first; other files (clips/, expected.json) stay.</summary>
    public void WriteRecording(string dir)
    {
        var ids = _matches.Select(m => m.FixtureId).ToList();
        if (ids.Count != ids.Distinct().Count()) throw new InvalidOperationException("Fixture ids must be unique.");
        Directory.CreateDirectory(dir);
        var fixturesDir = Path.Combine(dir, "fixtures");
        var pollsDir = Path.Combine(dir, "polls");
        foreach (var sub in new[] { fixturesDir, pollsDir })
        {
            if (Directory.Exists(sub))
                foreach (var f in Directory.EnumerateFiles(sub, "*.json")) File.Delete(f);
            Directory.CreateDirectory(sub);
        }
        ApiJson.WriteFile(Path.Combine(dir, "recording.json"), RecordingJson());
        foreach (var date in Dates)
            ApiJson.WriteFile(Path.Combine(fixturesDir, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json"), FixturesFileJson(date));
        for (int k = 1; k <= PollCount; k++)
            ApiJson.WriteFile(Path.Combine(pollsDir, PollFileName(k)), PollFileJson(k));
    }
}

/// <summary>Writes API-Football v3 JSON exactly (field order, nulls, unescaped accents).</summary>
public static class ApiJson
{
    private static readonly JsonWriterOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonWriterOptions Pretty = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        NewLine = "\n",
    };

    public static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, indented ? Pretty : Compact)) write(w);
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    public static void WriteFile(string path, string content) =>
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public static string IsoDate(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    internal static void WriteEnvelopeStart(Utf8JsonWriter w, string parameter, string value, KeyValuePair<string, string>? error, int results)
    {
        w.WriteStartObject();
        w.WriteString("get", "fixtures");
        w.WriteStartObject("parameters");
        w.WriteString(parameter, value);
        w.WriteEndObject();
        if (error is { } e)
        {
            w.WriteStartObject("errors");
            w.WriteString(e.Key, e.Value);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("errors");
            w.WriteEndArray();
        }
        w.WriteNumber("results", results);
        w.WriteStartObject("paging");
        w.WriteNumber("current", 1);
        w.WriteNumber("total", 1);
        w.WriteEndObject();
        w.WriteStartArray("response");
    }

    internal static void WriteEnvelopeEnd(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Pair(Utf8JsonWriter w, string name, ScorePair p)
    {
        w.WriteStartObject(name);
        NumberOrNull(w, "home", p.Home);
        NumberOrNull(w, "away", p.Away);
        w.WriteEndObject();
    }

    private static void BoolOrNull(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is bool b) w.WriteBoolean(name, b); else w.WriteNull(name);
    }

    /// <summary>One fixture object; <paramref name="s"/> null means "as at ingest" (NS, no events key).</summary>
    public static void WriteFixture(Utf8JsonWriter w, MatchScenario m, FixtureSnapshot? s)
    {
        w.WriteStartObject();
        w.WriteStartObject("fixture");
        w.WriteNumber("id", m.FixtureId);
        w.WriteString("referee", m.Referee);
        w.WriteString("timezone", "UTC");
        w.WriteString("date", IsoDate(m.Kickoff));
        w.WriteNumber("timestamp", m.Kickoff.ToUnixTimeSeconds());
        w.WriteStartObject("periods");
        NumberOrNull(w, "first", s?.FirstPeriod);
        NumberOrNull(w, "second", s?.SecondPeriod);
        w.WriteEndObject();
        w.WriteStartObject("venue");
        NumberOrNull(w, "id", m.Venue?.Id);
        w.WriteString("name", m.Venue?.Name);
        w.WriteString("city", m.Venue?.City);
        w.WriteEndObject();
        var status = s?.Status ?? "NS";
        w.WriteStartObject("status");
        w.WriteString("long", ApiStrings.LongStatus(status));
        w.WriteString("short", status);
        NumberOrNull(w, "elapsed", s?.Elapsed);
        NumberOrNull(w, "extra", s?.Extra);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("league");
        w.WriteNumber("id", m.League.Id);
        w.WriteString("name", m.League.Name);
        w.WriteString("country", m.League.Country);
        w.WriteString("logo", m.League.Logo);
        w.WriteString("flag", m.League.Flag);
        w.WriteNumber("season", m.League.Season);
        w.WriteString("round", m.League.Round);
        w.WriteEndObject();

        w.WriteStartObject("teams");
        foreach (var (name, team, winner) in new[] { ("home", m.Home, s?.HomeWinner), ("away", m.Away, s?.AwayWinner) })
        {
            w.WriteStartObject(name);
            w.WriteNumber("id", team.Id);
            w.WriteString("name", team.Name);
            w.WriteString("logo", team.Logo);
            BoolOrNull(w, "winner", winner);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        Pair(w, "goals", s?.Goals ?? ScorePair.Null);
        w.WriteStartObject("score");
        Pair(w, "halftime", s?.Halftime ?? ScorePair.Null);
        Pair(w, "fulltime", s?.Fulltime ?? ScorePair.Null);
        Pair(w, "extratime", s?.Extratime ?? ScorePair.Null);
        Pair(w, "penalty", s?.Penalty ?? ScorePair.Null);
        w.WriteEndObject();

        if (s is not null)
        {
            w.WriteStartArray("events");
            foreach (var e in s.Events) WriteEvent(w, m, e);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter w, MatchScenario m, EventData e)
    {
        var team = m.TeamOf(e.Team);
        w.WriteStartObject();
        w.WriteStartObject("time");
        w.WriteNumber("elapsed", e.Minute);
        NumberOrNull(w, "extra", e.Extra);
        w.WriteEndObject();
        w.WriteStartObject("team");
        w.WriteNumber("id", team.Id);
        w.WriteString("name", team.Name);
        w.WriteString("logo", team.Logo);
        w.WriteEndObject();
        w.WriteStartObject("player");
        NumberOrNull(w, "id", e.Player.Id);
        w.WriteString("name", e.Player.Name);
        w.WriteEndObject();
        w.WriteStartObject("assist");
        NumberOrNull(w, "id", e.Assist.Id);
        w.WriteString("name", e.Assist.Name);
        w.WriteEndObject();
        w.WriteString("type", e.Type);
        w.WriteString("detail", e.Detail);
        w.WriteString("comments", e.Comments);
        w.WriteEndObject();
    }
}
