using System.Collections.Immutable;
using Footy.ApiFootball;
using Footy.Daemon.Fixtures;
using Footy.Domain.Fixtures;
using Footy.Domain.Polling;

namespace Footy.Daemon.Polling;

public static class PollerCommands
{
    /// <summary>Run one cycle (ingest if due, activate, poll) as of <see cref="Now"/>; answered with <see cref="TickDone"/>.</summary>
    public sealed record Tick(DateTimeOffset Now);

    public sealed record TickDone(DateTimeOffset Now, PollCycleReport Report);

    /// <summary>A goal's clip search started (or is still running after a restart): tick it every cycle.</summary>
    public sealed record HuntOpened(Footy.Domain.Goals.GoalId GoalId);

    public sealed record HuntClosed(Footy.Domain.Goals.GoalId GoalId);

    /// <summary>An operator's <c>footy backfill</c>: ingest a past day's fixtures at the next cycle, as the daily ingest does.</summary>
    public sealed record Backfill(DateOnly Day);

    public sealed record BackfillAccepted(DateOnly Day, IReadOnlyList<DateOnly> Pending);
}

/// <summary>What one cycle did, for logs, status pages and the replay's progress line.</summary>
public sealed record PollCycleReport(
    bool Ingested, int Activated, int FixturesPolled, int Calls, int FailedCalls, string? Skipped, string? Error)
{
    public static PollCycleReport Failed(string error) => new(false, 0, 0, 0, 0, null, error);
}

public static class PollerEvents
{
    public interface IPollerEvent;

    /// <summary>Where a fixture stands, as the fixture itself last reported it.</summary>
    public sealed record FixtureStandingRecorded(FixtureId FixtureId, DateTimeOffset Kickoff, FixturePhase Phase, string Status) : IPollerEvent;

    public sealed record FixtureForgotten(FixtureId FixtureId) : IPollerEvent;

    public sealed record HuntRegistered(string GoalId) : IPollerEvent;

    public sealed record HuntUnregistered(string GoalId) : IPollerEvent;

    public sealed record IngestCompleted(DateOnly Day, DateTimeOffset At) : IPollerEvent;

    public sealed record BackfillRequested(DateOnly Day) : IPollerEvent;

    public sealed record BackfillCompleted(DateOnly Day, DateTimeOffset At, int Fixtures) : IPollerEvent;

    /// <summary>A cycle that called the API: how many calls it spent and what the upstream said about the quota.</summary>
    public sealed record PollCycleCompleted(
        DateTimeOffset At, int Calls, int FailedCalls, int? DailyLimit, int? DailyRemaining, int? MinuteLimit, int? MinuteRemaining) : IPollerEvent;
}

public static class PollerQueries
{
    public sealed record GetPollerStatus;

    public sealed record PollerStatus(
        IReadOnlyList<TrackedFixture> Fixtures, DateOnly? LastIngestDay, DateTimeOffset? LastCycleAt,
        DateTimeOffset? LastSuccessfulPollAt, int RequestsLeftToday, CircuitStatus Circuit, int OpenHunts,
        IReadOnlyList<DateOnly> PendingBackfills);
}

public sealed record TrackedFixture(FixtureId Id, DateTimeOffset Kickoff, FixturePhase Phase, string Status)
{
    public bool IsPolled => Phase is FixturePhase.Active or FixturePhase.Finishing;
}

/// <summary>The poller's registry of fixtures and its request budget, rebuilt from its events.</summary>
public sealed record PollerState(
    ImmutableSortedDictionary<long, TrackedFixture> Fixtures,
    DateOnly? LastIngestDay,
    DateTimeOffset? LastCycleAt,
    DateTimeOffset? LastSuccessfulPollAt,
    RequestBudget Budget,
    ImmutableSortedSet<string> OpenHunts,
    ImmutableSortedSet<DateOnly>? Backfills = null)
{
    /// <summary>Past days an operator asked to ingest (<c>footy backfill</c>) and not yet ingested.</summary>
    public ImmutableSortedSet<DateOnly> PendingBackfills => Backfills ?? ImmutableSortedSet<DateOnly>.Empty;

    public static PollerState Start(RequestBudgetOptions budget) =>
        new(ImmutableSortedDictionary<long, TrackedFixture>.Empty, null, null, null, RequestBudget.Start(budget),
            ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal), ImmutableSortedSet<DateOnly>.Empty);

    public PollerState Apply(PollerEvents.IPollerEvent e) => e switch
    {
        PollerEvents.FixtureStandingRecorded s => this with
        {
            Fixtures = Fixtures.SetItem(s.FixtureId.Value, new TrackedFixture(s.FixtureId, s.Kickoff, s.Phase, s.Status)),
        },
        PollerEvents.FixtureForgotten f => this with { Fixtures = Fixtures.Remove(f.FixtureId.Value) },
        PollerEvents.HuntRegistered h => this with { OpenHunts = OpenHunts.Add(h.GoalId) },
        PollerEvents.HuntUnregistered h => this with { OpenHunts = OpenHunts.Remove(h.GoalId) },
        PollerEvents.IngestCompleted i => this with { LastIngestDay = i.Day },
        PollerEvents.BackfillRequested b => this with { Backfills = PendingBackfills.Add(b.Day) },
        PollerEvents.BackfillCompleted b => this with { Backfills = PendingBackfills.Remove(b.Day) },
        PollerEvents.PollCycleCompleted c => this with
        {
            LastCycleAt = c.At,
            LastSuccessfulPollAt = c.FailedCalls < c.Calls ? c.At : LastSuccessfulPollAt,
            Budget = Budget.Spend(c.Calls, c.At)
                .ObserveHeaders(c.DailyLimit, c.DailyRemaining, c.MinuteLimit, c.MinuteRemaining, c.At),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown poller event"),
    };

    public bool Differs(FixtureCommands.FixtureStanding s) =>
        !Fixtures.TryGetValue(s.FixtureId.Value, out var known)
        || known.Kickoff != s.Kickoff || known.Phase != s.Phase || known.Status != s.Status;
}
