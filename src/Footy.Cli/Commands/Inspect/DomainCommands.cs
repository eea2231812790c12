using System.CommandLine;
using System.Text;
using Footy.Domain.Goals;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary>The commands that speak the domain: fixtures, goals, their journal and the run records of the clip searches.</summary>
internal static class DomainCommands
{
    public static IEnumerable<Command> Create()
    {
        var fixtureId = new Argument<long>("id") { Description = "API-Football fixture id" };
        var goalFixture = new Option<long?>("--fixture") { Description = "Only the goals of this fixture" };
        var goalId = new Argument<string>("id") { Description = "Goal id, e.g. 979139-2" };
        var persistenceId = new Argument<string>("persistence-id") { Description = "e.g. goal-979139-2, fixture-979139 or live-poller" };
        var from = new Option<long>("--from") { Description = "First sequence number", DefaultValueFactory = _ => 0 };
        var max = new Option<int>("--max") { Description = "Most events to show", DefaultValueFactory = _ => 1000 };
        var runGoal = new Option<string?>("--goal") { Description = "Only this goal's runs" };
        var failed = new Option<bool>("--failed") { Description = "Only failed, partial or rejected runs" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only runs at or after this time (UTC), e.g. 2022-12-18T16:00:00Z" };

        yield return InspectCommand.Create("fixtures", "Tracked fixtures with their phase (staging, active, finishing, finished), upstream status and score", [],
            (c, _, ct) => c.GetAsync<List<FixtureRow>>("/api/fixtures", ct),
            rows => TextTable.Render(["ID", "KICKOFF", "MATCH", "SCORE", "PHASE", "UPSTREAM", "GOALS"], rows.Select(f => (IReadOnlyList<string?>)
                [f.Id.ToString(), TextTable.Time(f.Kickoff), $"{f.Home} vs {f.Away}", Score(f), f.Phase, f.UpstreamStatus, f.Goals.Count.ToString()])));
        yield return InspectCommand.Create("fixture", "One fixture", [fixtureId],
            (c, p, ct) => c.GetAsync<FixtureRow>($"/api/fixtures/{p.GetValue(fixtureId)}", ct),
            f => TextTable.Pairs([
                ("Fixture", f.Id.ToString()), ("Match", $"{f.Home} vs {f.Away}"), ("League", f.League), ("Kickoff", TextTable.Time(f.Kickoff)),
                ("Phase", f.Phase), ("Upstream status", f.UpstreamStatus + (f.Elapsed is { } e ? $" ({e}')" : "")), ("Score", Score(f)),
                ("Last polled", TextTable.Time(f.LastPolledAt)), ("Goals", f.Goals.Count == 0 ? "none" : string.Join(", ", f.Goals)),
            ]));
        yield return InspectCommand.Create("goals", "Goals with their state (pending, confirmed, complete, cancelled, expired) and clip search progress", [goalFixture],
            (c, p, ct) => c.GetAsync<List<GoalRow>>(p.GetValue(goalFixture) is { } f ? $"/api/goals?fixture={f}" : "/api/goals", ct),
            rows => TextTable.Render(["ID", "MIN", "SCORER", "TEAM", "STATE", "ATTEMPTS", "KEPT", "REJECTED"], rows.Select(g => (IReadOnlyList<string?>)
                [g.Id, Minute(g), g.Player ?? "(unknown)", g.Team, g.State, g.AttemptsMade.ToString(), g.ClipsKept.ToString(), g.ClipsRejected.ToString()])));
        yield return InspectCommand.Create("goal", "One goal: its confirmation history, clip search, clips kept and rejected", [goalId],
            (c, p, ct) => c.GetAsync<GoalReport>($"/api/goals/{Uri.EscapeDataString(p.GetValue(goalId)!)}", ct), Goal);
        yield return InspectCommand.Create("journal", "The events persisted for an entity, read back from the journal", [persistenceId, from, max],
            (c, p, ct) => c.GetAsync<JournalView>($"/api/journal/{Uri.EscapeDataString(p.GetValue(persistenceId)!)}?from={p.GetValue(from)}&max={p.GetValue(max)}", ct),
            v => TextTable.Render(["SEQ", "AT", "EVENT", "PAYLOAD"], v.Events.Select(e => (IReadOnlyList<string?>)
                    [e.SequenceNr.ToString(), TextTable.Time(e.At), e.Event, e.Payload.Length > 120 ? e.Payload[..117] + "..." : e.Payload]))
                 + (v.Truncated ? $"(more events after {v.Events[^1].SequenceNr}: use --from){Environment.NewLine}" : ""));
        yield return InspectCommand.Create("runs", "Runs: the record of every clip search attempt and every clip processed", [runGoal, failed, since],
            (c, p, ct) => c.GetAsync<List<RunRecord>>(RunsPath(p.GetValue(runGoal), p.GetValue(failed), p.GetValue(since)), ct),
            rows => TextTable.Render(["AT", "GOAL", "KIND", "STATUS", "SECONDS", "INPUT", "OUTPUT / ERROR"], rows.Select(r => (IReadOnlyList<string?>)
                [TextTable.Time(r.At), r.Goal, r.Kind, r.Status, r.DurationSeconds?.ToString("0.00") ?? "-", Clip(r.Input), Clip(r.Error ?? r.Output)])));
    }

    /// <summary>What a backfill produced: the day's fixtures and their goals.</summary>
    public sealed record BackfillOutcome(DateOnly Day, IReadOnlyList<FixtureRow> Fixtures, IReadOnlyList<GoalRow> Goals);

    /// <summary><c>footy backfill --date YYYY-MM-DD</c>: re-ingest a past day and, unless told not to wait, follow it to the end.</summary>
    public static Command Backfill()
    {
        var date = new Option<DateOnly>("--date") { Description = "The past day to ingest again (YYYY-MM-DD, UTC)", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the daemon has accepted the request" };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the day's fixtures and clip searches to finish", DefaultValueFactory = _ => 60 };
        return InspectCommand.Create("backfill", "Ingest a past day's fixtures again, through the same path as the daily ingest", [date, noWait, timeout],
            async (c, p, ct) =>
            {
                var day = p.GetValue(date);
                await c.PostAsync<BackfillView>($"/api/backfill?date={day:yyyy-MM-dd}", ct);
                if (!p.GetValue(noWait)) await FollowAsync(c, day, TimeSpan.FromMinutes(p.GetValue(timeout)), ct);
                var fixtures = (await c.GetAsync<List<FixtureRow>>("/api/fixtures", ct)).Where(f => DateOnly.FromDateTime(f.Kickoff.UtcDateTime) == day).ToList();
                var goals = new List<GoalRow>();
                foreach (var fixture in fixtures) goals.AddRange(await c.GetAsync<List<GoalRow>>($"/api/goals?fixture={fixture.Id}", ct));
                return new BackfillOutcome(day, fixtures, goals);
            },
            o => $"Backfill of {o.Day:yyyy-MM-dd}: {o.Fixtures.Count} fixtures, {o.Goals.Count} goals{Environment.NewLine}"
                 + TextTable.Render(["FIXTURE", "MATCH", "SCORE", "UPSTREAM"], o.Fixtures.Select(f => (IReadOnlyList<string?>)[f.Id.ToString(), $"{f.Home} vs {f.Away}", Score(f), f.UpstreamStatus]))
                 + TextTable.Render(["GOAL", "MIN", "SCORER", "TEAM", "STATE", "KEPT"], o.Goals.Select(g => (IReadOnlyList<string?>)
                     [g.Id, Minute(g), g.Player ?? "(unknown)", g.Team, g.State, g.ClipsKept.ToString()])));
    }

    /// <summary>Progress on stderr until the day is ingested, none of its fixtures is polled any more and no clip search is open.</summary>
    private static async Task FollowAsync(AdminClient client, DateOnly day, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await client.GetAsync<NodeStatus>("/api/status", ct);
            var fixtures = (await client.GetAsync<List<FixtureRow>>("/api/fixtures", ct)).Where(f => DateOnly.FromDateTime(f.Kickoff.UtcDateTime) == day).ToList();
            var pending = status.PendingBackfills.Contains(day);
            var polled = fixtures.Count(f => f.Phase is "active" or "finishing");
            // The day's goals are asked of their entities: the node's goal counts come from the read model, which may lag.
            var inFlight = 0;
            foreach (var fixture in fixtures)
                inFlight += (await client.GetAsync<List<GoalRow>>($"/api/goals?fixture={fixture.Id}", ct))
                    .Count(g => g.State is GoalStateNames.Pending or GoalStateNames.Confirmed);
            Console.Error.WriteLine(pending
                ? $"backfill {day:yyyy-MM-dd}: waiting for the next poll cycle"
                : $"backfill {day:yyyy-MM-dd}: {fixtures.Count} fixtures, {polled} still polled, {inFlight} goals in flight, {status.OpenHunts} clip searches open");
            if (!pending && polled == 0 && status.OpenHunts == 0 && inFlight == 0) return;
            if (DateTime.UtcNow > deadline) throw new AdminCallException($"backfill of {day:yyyy-MM-dd} not finished after {timeout.TotalMinutes:0} minutes; it goes on in the daemon", 1);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary><c>footy retry goal &lt;id&gt;</c>.</summary>
    public static Command Retry()
    {
        var id = new Argument<string>("id") { Description = "Goal id, e.g. 979139-2" };
        return new Command("retry", "Ask the daemon to do something again")
        {
            InspectCommand.Create("goal", "Search a confirmed goal's clips again: a new round of attempts (seen posts stay seen)", [id],
                (c, p, ct) => c.PostAsync<ActionResult>($"/api/goals/{Uri.EscapeDataString(p.GetValue(id)!)}/retry", ct),
                r => $"goal {r.Target}: {r.Outcome}{Environment.NewLine}"),
        };
    }

    private static string RunsPath(string? goal, bool failed, DateTimeOffset? since)
    {
        var query = new List<string>();
        if (goal is not null) query.Add("goal=" + Uri.EscapeDataString(goal));
        if (failed) query.Add("failed=true");
        if (since is { } s) query.Add("since=" + Uri.EscapeDataString(s.ToUniversalTime().ToString("O")));
        return "/api/runs" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    private static string Goal(GoalReport r)
    {
        var g = r.Goal;
        var text = new StringBuilder(TextTable.Pairs([
            ("Goal", g.Id), ("Fixture", g.Fixture.ToString()), ("Scorer", $"{g.Player ?? "(unknown)"}, {g.Team}"), ("Minute", Minute(g)),
            ("Detail", g.Detail), ("State", g.State), ("First seen", TextTable.Time(g.FirstSeenAt)), ("Confirmed", TextTable.Time(g.ConfirmedAt)),
            ("Streaks", $"seen {r.SeenStreak}, missing {r.MissingStreak}"),
            ("Clip search", r.HuntStartedAt is null ? "not started" : $"{g.AttemptsMade} attempt(s), started {TextTable.Time(r.HuntStartedAt)}"
                + (r.HuntFinishedAt is { } f ? $", finished {TextTable.Time(f)}" : ", running")),
        ]));
        text.AppendLine().AppendLine("Clips kept:");
        text.Append(TextTable.Render(["KEY", "SIZE", "SECONDS", "COPIES", "SOURCES"], r.Kept.Select(c => (IReadOnlyList<string?>)
            [c.Key, $"{c.Width}x{c.Height}", c.Duration.ToString("0.0"), c.Popularity.ToString(), string.Join(",", c.Sources)])));
        text.AppendLine().AppendLine("Clips rejected:");
        text.Append(TextTable.Render(["POST", "REASON"], r.Rejected.Select(c => (IReadOnlyList<string?>)[c.PostId, c.Reason])));
        text.AppendLine().AppendLine("History:");
        text.Append(TextTable.Render(["SEQ", "AT", "EVENT", "DETAIL"], Collapse(r.History).Select(h => (IReadOnlyList<string?>)
            [h.SequenceNr.ToString(), TextTable.Time(h.At), h.Event, h.Detail])));
        return text.ToString();
    }

    /// <summary>A goal is sighted on every poll: show a run of identical sightings once, with its count.</summary>
    private static IEnumerable<GoalHistoryEntry> Collapse(IReadOnlyList<GoalHistoryEntry> history)
    {
        for (var i = 0; i < history.Count; i++)
        {
            var run = 1;
            while (i + run < history.Count && history[i + run].Event == history[i].Event && history[i + run].Detail == history[i].Detail) run++;
            yield return run == 1 ? history[i] : history[i] with { Detail = $"{history[i].Detail} (x{run}, to seq {history[i + run - 1].SequenceNr})" };
            i += run - 1;
        }
    }

    private static string Score(FixtureRow f) => f.HomeGoals is null ? "-" : $"{f.HomeGoals}-{f.AwayGoals}";

    private static string Minute(GoalRow g) => g.Minute is null ? "-" : g.Extra is { } e ? $"{g.Minute}+{e}'" : $"{g.Minute}'";

    private static string Clip(string text) => text.Length > 60 ? text[..57] + "..." : text;
}
