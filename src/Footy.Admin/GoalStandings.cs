using Footy.Daemon.Clips;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Admin;

/// <summary>One goal as its events in the journal leave it: what <c>footy status</c> and /metrics count.</summary>
public sealed record GoalStanding(GoalId Id, FixtureId Fixture, GoalStage Stage, bool HuntFinished, int ClipsKept, int ClipsRejected)
{
    public bool InFlight => Stage is GoalStage.Pending || (Stage is GoalStage.Confirmed && !HuntFinished);
}

/// <summary>
/// Every goal's standing, folded from the journal's events in their global order (Akka.Persistence.Query) with the goal's own
/// <c>Apply</c>s, never by asking a goal actor: reading it recovers no passivated goal and keeps none from passivating. Each
/// read folds only what was written since the previous one.
/// </summary>
public sealed class GoalStandings(JournalReader journal)
{
    private const string Prefix = "goal-";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (long SequenceNr, GoalSnapshot Goal)> _goals = new(StringComparer.Ordinal);
    private long _ordering;

    /// <summary>The standings of the goals of the fixtures the poller tracks (a purged fixture's goals are gone with it).</summary>
    public async Task<IReadOnlyList<GoalStanding>> OfTrackedFixturesAsync(PollerQueries.PollerStatus poller, CancellationToken ct)
    {
        var tracked = poller.Fixtures.Select(f => f.Id).ToHashSet();
        return (await ReadAsync(ct)).Where(g => tracked.Contains(g.Fixture)).ToList();
    }

    public async Task<IReadOnlyList<GoalStanding>> ReadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _ordering = await journal.FoldEventsSinceAsync(_ordering, Apply, ct);
            return _goals.Values.Select(g => Standing(g.Goal)).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(string persistenceId, long sequenceNr, object evt)
    {
        if (!persistenceId.StartsWith(Prefix, StringComparison.Ordinal)) return;
        var id = new GoalId(persistenceId[Prefix.Length..]);
        var (applied, goal) = _goals.TryGetValue(persistenceId, out var known)
            ? known
            : (0, new GoalSnapshot(GoalLifecycle.New(id, id.Fixture ?? new FixtureId(0)), null));
        if (sequenceNr <= applied) return;
        _goals[persistenceId] = (sequenceNr, evt switch
        {
            GoalEvent e => goal with { Lifecycle = goal.Lifecycle.Apply(e) },
            ClipEvents.ClipHuntStarted started => goal with { Hunt = ClipHunt.Start(started) },
            ClipEvents.IClipEvent e when goal.Hunt is { } hunt => goal with { Hunt = hunt.Apply(e) },
            _ => goal,
        });
    }

    private static GoalStanding Standing(GoalSnapshot goal) => new(
        goal.Lifecycle.Id, goal.Lifecycle.Fixture, goal.Lifecycle.Stage, goal.Hunt?.Finished ?? false,
        goal.Hunt?.Clips.Count ?? 0, goal.Hunt?.Rejections.Count ?? 0);
}
