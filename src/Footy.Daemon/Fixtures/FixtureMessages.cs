using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Daemon.Fixtures;

public static class FixtureCommands
{
    /// <summary>The daily ingest saw this fixture (new, or again with maybe a new kickoff).</summary>
    public sealed record Schedule(FixtureSnapshot Snapshot) : IFixtureMessage
    {
        public string EntityId => Snapshot.Id.ToString();
    }

    /// <summary>Kickoff is near: start polling.</summary>
    public sealed record Activate(FixtureId FixtureId, DateTimeOffset At) : IFixtureMessage
    {
        public string EntityId => FixtureId.ToString();
    }

    /// <summary>One successful live poll's view of this fixture, observed at <see cref="At"/> (poller's clock).</summary>
    public sealed record ApplyPoll(FixtureSnapshot Snapshot, DateTimeOffset At) : IFixtureMessage
    {
        public string EntityId => Snapshot.Id.ToString();
    }

    /// <summary>The fixture's answer to every command: where it stands now, for the poller's registry.</summary>
    /// <summary>Retention: purge every goal of the fixture, then the fixture's own events and snapshots. Answered with <see cref="Purged"/>.</summary>
    public sealed record Purge(FixtureId FixtureId) : IFixtureMessage
    {
        public string EntityId => FixtureId.ToString();
    }

    public sealed record Purged(FixtureId FixtureId, int Goals, int ClipsDeleted);

    public sealed record FixtureStanding(FixtureId FixtureId, DateTimeOffset Kickoff, FixturePhase Phase, string Status);
}

public static class FixtureEvents
{
    public interface IFixtureEvent;

    public sealed record FixtureScheduled(
        FixtureId FixtureId, DateTimeOffset Kickoff, string Status, LeagueRef League, TeamRef Home, TeamRef Away) : IFixtureEvent;

    public sealed record FixtureRescheduled(DateTimeOffset Kickoff, string Status) : IFixtureEvent;

    public sealed record FixtureActivated(DateTimeOffset At) : IFixtureEvent;

    /// <summary>
    /// A poll was applied: the fixture's status then, and which goal id each goal event of the poll was
    /// matched to (new ids included). Goals of the ledger not listed were missing from this poll.
    /// </summary>
    public sealed record FixturePolled(
        DateTimeOffset At, string Status, int? Elapsed, int? HomeGoals, int? AwayGoals,
        IReadOnlyList<GoalSighting> Sightings, IReadOnlyList<GoalId> Missing) : IFixtureEvent;
}

public static class FixtureQueries
{
    public sealed record GetFixture(FixtureId FixtureId) : IFixtureMessage
    {
        public string EntityId => FixtureId.ToString();
    }

    public sealed record FixtureView(
        FixtureId Id, string Status, FixturePhase Phase, DateTimeOffset Kickoff, LeagueRef? League,
        TeamRef? Home, TeamRef? Away, int? HomeGoals, int? AwayGoals, int? Elapsed,
        DateTimeOffset? LastPolledAt, IReadOnlyList<GoalId> Goals);
}
