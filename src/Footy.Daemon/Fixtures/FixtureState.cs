using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Daemon.Fixtures.FixtureEvents;

namespace Footy.Daemon.Fixtures;

/// <summary>Everything a fixture actor knows, rebuilt from its events (and snapshots) on recovery.</summary>
public sealed record FixtureState(
    FixtureId Id,
    bool IsScheduled,
    LeagueRef? League,
    TeamRef? Home,
    TeamRef? Away,
    FixtureLifecycle Lifecycle,
    GoalLedger Ledger,
    int? HomeGoals,
    int? AwayGoals,
    int? Elapsed,
    FixturePolled? LastPoll)
{
    public static FixtureState Empty(FixtureId id) => new(
        id, false, null, null, null,
        FixtureLifecycle.Scheduled(DateTimeOffset.MinValue, "TBD"), GoalLedger.Empty(id), null, null, null, null);

    public FixtureState Apply(IFixtureEvent e) => e switch
    {
        FixtureScheduled s => this with
        {
            IsScheduled = true, League = s.League, Home = s.Home, Away = s.Away,
            Lifecycle = FixtureLifecycle.Scheduled(s.Kickoff, s.Status),
        },
        FixtureRescheduled r => this with { Lifecycle = Lifecycle.Reschedule(r.Kickoff, r.Status) },
        FixtureActivated => this with { Lifecycle = Lifecycle.Activate() },
        FixturePolled p => this with
        {
            Lifecycle = Lifecycle.Observe(p.Status, p.At, GracePolls),
            Ledger = Ledger.Record(new LedgerMatch(p.Sightings, p.Missing)),
            HomeGoals = p.HomeGoals, AwayGoals = p.AwayGoals, Elapsed = p.Elapsed, LastPoll = p,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown fixture event"),
    };

    /// <summary>Grace polls after the final whistle; fixed by configuration and stored with the state so replays agree.</summary>
    public int GracePolls { get; init; } = 3;

    public FixtureQueries.FixtureView ToView() => new(
        Id, Lifecycle.Status, Lifecycle.Phase, Lifecycle.Kickoff, League, Home, Away, HomeGoals, AwayGoals, Elapsed,
        Lifecycle.LastObservedAt, Ledger.Entries.Select(x => x.Id).ToList());

    public FixtureCommands.FixtureStanding ToStanding() => new(Id, Lifecycle.Kickoff, Lifecycle.Phase, Lifecycle.Status);
}
