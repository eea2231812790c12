using Footy.Domain.Fixtures;

namespace Footy.Domain.Polling;

/// <summary>What the poller persists (journaled as JSON under each type's name: keep names and properties).</summary>
public static class PollerEvents
{
    public interface IPollerEvent;

    /// <summary>Where a fixture stands, as the fixture itself last reported it.</summary>
    public sealed record FixtureStandingRecorded(FixtureId FixtureId, DateTimeOffset Kickoff, FixturePhase Phase, string Status) : IPollerEvent;

    public sealed record FixtureForgotten(FixtureId FixtureId) : IPollerEvent;

    /// <summary>
    /// Retention deleted the fixture's stored clips and journal (its goals' too). The poller keeps the fact, because nothing
    /// of the fixture is left to: the read model learns from it that the fixture's published goals have no clips any more.
    /// </summary>
    public sealed record FixturePurged(FixtureId FixtureId, DateTimeOffset At) : IPollerEvent;

    public sealed record HuntRegistered(string GoalId) : IPollerEvent;

    public sealed record HuntUnregistered(string GoalId) : IPollerEvent;

    public sealed record IngestCompleted(DateOnly Day, DateTimeOffset At) : IPollerEvent;

    public sealed record BackfillRequested(DateOnly Day) : IPollerEvent;

    public sealed record BackfillCompleted(DateOnly Day, DateTimeOffset At, int Fixtures) : IPollerEvent;

    /// <summary>
    /// A cycle that called the API: how many calls it spent and what the upstream said about the quota. Persisted with
    /// the cycle's other events; a cycle that changed nothing else only notes it in the poller's snapshot.
    /// </summary>
    public sealed record PollCycleCompleted(
        DateTimeOffset At, int Calls, int FailedCalls, int? DailyLimit, int? DailyRemaining, int? MinuteLimit, int? MinuteRemaining) : IPollerEvent;
}
