using System.Globalization;
using System.Text.Json;

namespace Footy.Scenarios;

public sealed record ExpectedFixture(int Id, string Status, string Home, string Away);

/// <summary>A goal of the replay summary without its id and clips. <see cref="State"/> is "complete",
/// "cancelled" or (fixture never finished in the recording) "confirmed".</summary>
public sealed record ExpectedGoal(int Fixture, string Team, string Player, int Minute, int? Extra, string Detail, string State)
{
    public override string ToString() =>
        $"{Fixture} {Team} {Player} {Minute}{(Extra is int x ? "+" + x.ToString(CultureInfo.InvariantCulture) : "")}' {Detail} [{State}]";
}

/// <summary>How the oracle saw one goal event of the scenario (for diagnostics).</summary>
public sealed record GoalTrace(int Fixture, string Key, int? ConfirmedAtPoll, int? CancelledAtPoll, ExpectedGoal? Goal);

/// <summary>
/// The outcome a correct daemon must report after replaying a <see cref="DayScenario"/>, computed from the
/// scenario's own timeline (not from any daemon code). Rules:
/// <list type="bullet">
/// <item>Only successful polls count: a 429 or errors poll counts neither as seen nor as missing. After the
/// last poll the replay keeps serving the last file, so the last poll is counted as repeating (when it is
/// successful).</item>
/// <item>A goal event (Goal / Normal Goal, Penalty, Own Goal; not shoot-out kicks, not missed penalties) is
/// confirmed once it is shown with a known scorer in 3 consecutive successful polls (an unknown scorer or its
/// absence resets the count). Identity is the scenario's event key: scorer and minute corrections keep it one
/// goal, reported under its final (last shown) fields.</item>
/// <item>A confirmed goal is cancelled when it is absent from 3 consecutive successful polls and never comes
/// back. Goals that were never confirmed are not listed.</item>
/// <item>A standing confirmed goal is "complete" when its fixture finished (FT, AET, PEN, CANC, ABD, AWD, WO)
/// by the last successful poll, else "confirmed". A fixture's status is the last one shown, except that once it
/// was shown in play or ended, a status going back to NS, TBD or PST does not count.</item>
/// <item>A poll that does not list a fixture (it vanished from the answer) says nothing about it.</item>
/// </list>
/// </summary>
public sealed class ExpectedOutcome
{
    public const int ConfirmPolls = 3;
    public const int RemovePolls = 3;

    public ExpectedOutcome(IReadOnlyList<ExpectedFixture> fixtures, IReadOnlyList<ExpectedGoal> goals, IReadOnlyList<GoalTrace>? traces = null)
    {
        Fixtures = fixtures;
        Goals = goals;
        Traces = traces ?? Array.Empty<GoalTrace>();
    }

    public IReadOnlyList<ExpectedFixture> Fixtures { get; }
    public IReadOnlyList<ExpectedGoal> Goals { get; }
    public IReadOnlyList<GoalTrace> Traces { get; }

    /// <summary>The successful polls in the order the daemon sees them, the last one repeated.</summary>
    public static IReadOnlyList<int> EffectivePolls(DayScenario day)
    {
        var polls = Enumerable.Range(1, day.PollCount).Where(k => day.FaultAt(k) is null).ToList();
        if (day.FaultAt(day.PollCount) is null)
            for (int i = 0; i < Math.Max(ConfirmPolls, RemovePolls); i++) polls.Add(day.PollCount);
        return polls;
    }

    public static ExpectedOutcome ForDay(DayScenario day)
    {
        var seq = EffectivePolls(day);
        var fixtures = new List<ExpectedFixture>();
        var goals = new List<(ExpectedGoal Goal, int Order, int Minute, int Extra)>();
        var traces = new List<GoalTrace>();
        foreach (var m in day.OrderedMatches)
        {
            var status = ShownStatus(day, m, seq);
            fixtures.Add(new ExpectedFixture(m.FixtureId, status, m.Home.Name, m.Away.Name));
            bool finished = ApiStrings.FinishedStatuses.Contains(status);

            foreach (var t in m.Events.Where(e => e.EverGoal))
            {
                int streak = 0, absent = 0;
                int? confirmedAt = null, cancelledAt = null;
                EventData? last = null;
                foreach (var k in seq)
                {
                    if (!day.InPoll(m, k)) continue;
                    var d = t.At(k);
                    bool shown = d is { IsGoal: true };
                    bool known = shown && d!.Player.IsKnown;
                    if (known) last = d;
                    if (confirmedAt is null)
                    {
                        streak = known ? streak + 1 : 0;
                        if (streak >= ConfirmPolls) confirmedAt = k;
                    }
                    else
                    {
                        absent = shown ? 0 : absent + 1;
                        if (shown) cancelledAt = null;
                        else if (absent == RemovePolls) cancelledAt = k;
                    }
                }
                ExpectedGoal? goal = null;
                if (confirmedAt is not null && last is not null)
                {
                    var state = cancelledAt is not null ? "cancelled" : finished ? "complete" : "confirmed";
                    goal = new ExpectedGoal(m.FixtureId, m.TeamOf(last.Team).Name, last.Player.Name!, last.Minute, last.Extra, last.Detail, state);
                    goals.Add((goal, goals.Count, last.Minute, last.Extra ?? 0));
                }
                traces.Add(new GoalTrace(m.FixtureId, t.Key, confirmedAt, cancelledAt, goal));
            }
        }
        var fixtureOrder = fixtures.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var ordered = goals.OrderBy(g => fixtureOrder[g.Goal.Fixture]).ThenBy(g => g.Minute).ThenBy(g => g.Extra).ThenBy(g => g.Order)
            .Select(g => g.Goal).ToList();
        return new ExpectedOutcome(fixtures, ordered, traces);
    }

    private static readonly IReadOnlySet<string> NotStarted = new HashSet<string>(StringComparer.Ordinal) { "NS", "TBD", "PST" };

    /// <summary>The fixture's last status in the polls that listed it; once it was shown in play or ended, a status
    /// going back to not started (NS, TBD, PST) is a stale answer and does not count.</summary>
    private static string ShownStatus(DayScenario day, MatchScenario m, IReadOnlyList<int> seq)
    {
        var status = "NS";
        var kickedOff = false;
        foreach (var k in seq.Where(k => day.InPoll(m, k)))
        {
            var shown = day.Snapshot(m, k).Status;
            if (kickedOff && NotStarted.Contains(shown)) continue;
            status = shown;
            kickedOff |= !NotStarted.Contains(shown);
        }
        return status;
    }

    // ---------------------------------------------------------------- JSON

    public string ToJson() => ApiJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("fixtures");
        foreach (var f in Fixtures)
        {
            w.WriteStartObject();
            w.WriteNumber("id", f.Id);
            w.WriteString("status", f.Status);
            w.WriteString("home", f.Home);
            w.WriteString("away", f.Away);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("goals");
        foreach (var g in Goals)
        {
            w.WriteStartObject();
            w.WriteNumber("fixture", g.Fixture);
            w.WriteString("team", g.Team);
            w.WriteString("player", g.Player);
            w.WriteNumber("minute", g.Minute);
            if (g.Extra is int x) w.WriteNumber("extra", x); else w.WriteNull("extra");
            w.WriteString("detail", g.Detail);
            w.WriteString("state", g.State);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }, indented: true);

    public void WriteExpected(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        ApiJson.WriteFile(path, ToJson());
    }

    /// <summary>Reads an expected.json, or the JSON printed by <c>footy replay --json</c> (ids, clips and any
    /// other extra fields are ignored).</summary>
    public static ExpectedOutcome Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var fixtures = new List<ExpectedFixture>();
        if (root.TryGetProperty("fixtures", out var fs))
            foreach (var f in fs.EnumerateArray())
                fixtures.Add(new ExpectedFixture(f.GetProperty("id").GetInt32(), Str(f, "status"), Str(f, "home"), Str(f, "away")));
        var goals = new List<ExpectedGoal>();
        if (root.TryGetProperty("goals", out var gs))
            foreach (var g in gs.EnumerateArray())
            {
                int? extra = g.TryGetProperty("extra", out var x) && x.ValueKind == JsonValueKind.Number ? x.GetInt32() : null;
                goals.Add(new ExpectedGoal(g.GetProperty("fixture").GetInt32(), Str(g, "team"), Str(g, "player"),
                    g.GetProperty("minute").GetInt32(), extra, Str(g, "detail"), Str(g, "state")));
            }
        return new ExpectedOutcome(fixtures, goals);

        static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    }

    public static ExpectedOutcome Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Differences between this (expected) and <paramref name="actual"/>, order-insensitive
    /// (fixtures by id, goals as a multiset). Empty when they agree.</summary>
    public IReadOnlyList<string> Diff(ExpectedOutcome actual)
    {
        var diffs = new List<string>();
        var expectedFixtures = Fixtures.ToDictionary(f => f.Id);
        var actualFixtures = new Dictionary<int, ExpectedFixture>();
        foreach (var f in actual.Fixtures)
            if (!actualFixtures.TryAdd(f.Id, f)) diffs.Add($"fixture {f.Id} listed twice");
        foreach (var (id, f) in expectedFixtures)
        {
            if (!actualFixtures.TryGetValue(id, out var a)) diffs.Add($"missing fixture {f}");
            else if (a != f) diffs.Add($"fixture differs: expected {f}, actual {a}");
        }
        foreach (var (id, a) in actualFixtures)
            if (!expectedFixtures.ContainsKey(id)) diffs.Add($"unexpected fixture {a}");

        var remaining = actual.Goals.ToList();
        foreach (var g in Goals)
        {
            var i = remaining.IndexOf(g);
            if (i >= 0) remaining.RemoveAt(i);
            else diffs.Add($"missing goal {g}");
        }
        diffs.AddRange(remaining.Select(g => $"unexpected goal {g}"));
        return diffs;
    }
}
