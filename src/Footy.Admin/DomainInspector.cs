using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Clips;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>
/// The domain commands (<c>footy fixtures/fixture/goals/goal/runs</c>): answers from the live entities (the
/// poller's registry, each fixture and goal actor), plus each goal's history read back from the journal. An operator's
/// command may start an entity; monitoring (<see cref="NodeHealth"/>, /metrics) asks it only for the poller's state.
/// </summary>
public sealed class DomainInspector(IActorRegistry registry, JournalReader journal, TimeProvider time, TimeSpan timeout)
{
    public async Task<PollerQueries.PollerStatus> PollerStatusAsync(CancellationToken ct)
    {
        var poller = await registry.GetAsync<LivePoller>(ct);
        return await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus(), timeout, ct);
    }

    /// <summary>The fixtures the poller tracks; their ids come from the registry, so no journal check is needed.</summary>
    public async Task<IReadOnlyList<FixtureRow>> FixturesAsync(CancellationToken ct)
    {
        var poller = await PollerStatusAsync(ct);
        var rows = await Task.WhenAll(poller.Fixtures.Select(f => FixtureRowAsync(f.Id.Value, ct)));
        return rows.OrderBy(r => r.Kickoff).ThenBy(r => r.Id).ToList();
    }

    public async Task<FixtureRow> FixtureAsync(long id, CancellationToken ct)
    {
        await RequireJournalAsync(FixtureActor.PersistenceIdFor(new FixtureId(id)), $"fixture {id} is not known", ct);
        return await FixtureRowAsync(id, ct);
    }

    private async Task<FixtureRow> FixtureRowAsync(long id, CancellationToken ct)
    {
        var fixtures = await registry.GetFixtureRegionAsync(ct);
        var view = await fixtures.Ask<FixtureQueries.FixtureView>(new FixtureQueries.GetFixture(new FixtureId(id)), timeout, ct);
        return new FixtureRow(view.Id.Value, view.Home?.Name ?? "", view.Away?.Name ?? "", view.League?.Name ?? "", view.Kickoff,
            view.Status, view.Phase.ToString().ToLowerInvariant(), view.HomeGoals, view.AwayGoals, view.Elapsed, view.LastPolledAt,
            view.Goals.Select(g => g.Value).ToList());
    }

    public async Task<IReadOnlyList<GoalRow>> GoalsAsync(long? fixture, CancellationToken ct)
    {
        var fixtures = fixture is { } id ? [await FixtureAsync(id, ct)] : await FixturesAsync(ct);
        var views = await Task.WhenAll(fixtures.SelectMany(f => f.Goals).Select(g => GoalViewAsync(g, ct)));
        return views.Select(Row)
            .OrderBy(g => g.Fixture).ThenBy(g => g.Minute ?? int.MaxValue).ThenBy(g => g.Extra ?? 0).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<GoalReport> GoalAsync(string id, CancellationToken ct)
    {
        await RequireJournalAsync(GoalActor.PersistenceIdFor(new GoalId(id)), $"goal {id} is not known", ct);
        var view = await GoalViewAsync(id, ct);
        var events = await journal.EventsAsync(GoalActor.PersistenceIdFor(new GoalId(id)), ct);
        var history = events.Select(e => History(e.SequenceNr, e.Event)).OfType<GoalHistoryEntry>().ToList();
        var kept = view.Hunt?.ClipsBestFirst()
            .Select(c => new KeptClipView(c.Key, c.Probe.Width, c.Probe.Height, Math.Round(c.Probe.DurationSeconds, 2), c.Probe.Bytes,
                c.Popularity, c.Sources.ToList()))
            .ToList() ?? [];
        var rejected = view.Hunt?.Rejections.Select(r => new RejectedClipView(r.PostId, r.Reason)).ToList() ?? [];
        return new GoalReport(Row(view), view.SeenStreak, view.MissingStreak, view.Hunt?.StartedAt, view.Hunt?.FinishedAt, kept, rejected, history);
    }

    /// <summary>Run records of every goal in the journal (or one goal's), newest last.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string? goal, bool failedOnly, DateTimeOffset? since, CancellationToken ct)
    {
        var ids = goal is null
            ? await journal.PersistenceIdsAsync("goal-", ct)
            : [GoalActor.PersistenceIdFor(new GoalId(goal))];
        var records = new List<RunRecord>();
        foreach (var persistenceId in ids)
        {
            var goalId = new GoalId(persistenceId["goal-".Length..]);
            var fixture = goalId.Fixture?.Value ?? 0;
            foreach (var (_, evt) in await journal.EventsAsync(persistenceId, ct))
                if (RunRecords.From(goalId.Value, fixture, evt) is { } record) records.Add(record);
        }
        return records
            .Where(r => !failedOnly || r.Status is "failed" or "rejected" or "partial")
            .Where(r => since is null || r.At >= since)
            .OrderBy(r => r.At).ThenBy(r => r.Goal, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary><c>footy backfill</c>: the poller ingests the day at its next cycle, through the daily ingest's path.</summary>
    public async Task<BackfillView> BackfillAsync(DateOnly day, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (day > today) throw new ArgumentException($"{day:yyyy-MM-dd} is in the future: the daily ingest will fetch it");
        var poller = await registry.GetAsync<LivePoller>(ct);
        var accepted = await poller.Ask<PollerCommands.BackfillAccepted>(new PollerCommands.Backfill(day), timeout, ct);
        return new BackfillView(day, accepted.Pending);
    }

    /// <summary><c>footy retry goal</c>: another round of clip search attempts for a confirmed goal, from the daemon's now.</summary>
    public async Task<ActionResult> RetryGoalAsync(string id, CancellationToken ct)
    {
        await GoalAsync(id, ct);
        var goals = await registry.GetGoalRegionAsync(ct);
        var answer = await goals.Ask<GoalCommands.RetryAnswer>(
            new GoalCommands.RetryClipHunt(new GoalId(id), time.GetUtcNow()), timeout, ct);
        return answer.Restarted
            ? new ActionResult("retry", id, answer.Outcome)
            : throw new InvalidOperationException($"goal {id} not retried: {answer.Outcome}");
    }

    /// <summary>
    /// Asking a sharded entity starts it, and remember-entities would keep an entity made up by a typo forever: an id
    /// is only asked about when its journal has events.
    /// </summary>
    private async Task RequireJournalAsync(string persistenceId, string unknown, CancellationToken ct)
    {
        if ((await journal.ReadAsync(persistenceId, 0, 1, ct)).Events.Count == 0) throw new KeyNotFoundException(unknown);
    }

    private async Task<GoalQueries.GoalView> GoalViewAsync(string id, CancellationToken ct)
    {
        var goals = await registry.GetGoalRegionAsync(ct);
        return await goals.Ask<GoalQueries.GoalView>(new GoalQueries.GetGoal(new GoalId(id)), timeout, ct);
    }

    private static GoalRow Row(GoalQueries.GoalView g) => new(
        g.Id.Value, g.Fixture.Value, g.Facts?.TeamName ?? "", g.Facts?.PlayerName, g.Facts?.Minute, g.Facts?.Extra,
        g.Facts is null ? "" : GoalDetails.ToApiString(g.Facts.Detail), g.Stage.PublicName(), g.FirstSeenAt, g.ConfirmedAt,
        g.Hunt?.AttemptsMade ?? 0, g.Hunt?.Clips.Count ?? 0, g.Hunt?.Rejections.Count ?? 0, g.Hunt?.Finished ?? false);

    private static GoalHistoryEntry? History(long sequenceNr, object evt) => evt switch
    {
        GoalSighted s when s.Facts is var f => new(sequenceNr, s.At, "sighted", $"{f.TeamName} {f.PlayerName ?? "(unknown scorer)"} {Minute(f)}"),
        GoalMissed m => new(sequenceNr, m.At, "missed", "not in the fixture's events this poll"),
        GoalConfirmed c => new(sequenceNr, c.At, "confirmed", ""),
        GoalCorrected c => new(sequenceNr, c.At, "corrected", $"{c.Before.PlayerName} {Minute(c.Before)} -> {c.After.PlayerName} {Minute(c.After)}"),
        GoalReattributed r => new(sequenceNr, r.At, "reattributed", $"{r.Before.PlayerName} {Minute(r.Before)} -> {r.After.PlayerName} {Minute(r.After)}"),
        GoalWithdrawn w => new(sequenceNr, w.At, "withdrawn", "gone from the fixture's events (VAR)"),
        GoalEvent other => new(sequenceNr, other.At, Naming.Kebab(other.GetType().Name), ""),
        ClipEvents.ClipHuntStarted h => new(sequenceNr, h.At, "clip-hunt-started", $"posts since {h.Since:u}"),
        ClipEvents.ClipHuntFinished f => new(sequenceNr, f.At, "clip-hunt-finished", ""),
        ClipEvents.ClipHuntRestarted r => new(sequenceNr, r.At, "clip-hunt-restarted", "by an operator (footy retry goal)"),
        ClipEvents.ClipsDeleted d => new(sequenceNr, d.At, "clips-deleted", string.Join(", ", d.Keys)),
        _ => null,
    };

    private static string Minute(GoalFacts f) => f.Extra is { } extra ? $"{f.Minute}+{extra}'" : $"{f.Minute}'";
}

internal static class Naming
{
    /// <summary><c>GoalRevived</c> -> <c>revived</c>-style names: the type name without its entity prefix, kebab-cased.</summary>
    public static string Kebab(string typeName)
    {
        var name = typeName.StartsWith("Goal", StringComparison.Ordinal) ? typeName[4..] : typeName;
        return string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }
}
