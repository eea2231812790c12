using Footy.Domain.Fixtures;

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

    /// <summary>Retention: purge every goal of the fixture, then the fixture's own events and snapshots. Answered with <see cref="Purged"/>.</summary>
    public sealed record Purge(FixtureId FixtureId) : IFixtureMessage
    {
        public string EntityId => FixtureId.ToString();
    }

    public sealed record Purged(FixtureId FixtureId, int Goals, int ClipsDeleted);

    /// <summary>The fixture's answer to every command: where it stands now, for the poller's registry.</summary>
    public sealed record FixtureStanding(FixtureId FixtureId, DateTimeOffset Kickoff, FixturePhase Phase, string Status);
}
