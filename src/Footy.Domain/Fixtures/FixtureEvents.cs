using Footy.Domain.Goals;

namespace Footy.Domain.Fixtures;

/// <summary>What a fixture persists (journaled as JSON under each type's name: keep names and properties).</summary>
public static class FixtureEvents
{
    public interface IFixtureEvent;

    public sealed record FixtureScheduled(
        FixtureId FixtureId, DateTimeOffset Kickoff, string Status, LeagueRef League, TeamRef Home, TeamRef Away) : IFixtureEvent;

    public sealed record FixtureRescheduled(DateTimeOffset Kickoff, string Status) : IFixtureEvent;

    public sealed record FixtureActivated(DateTimeOffset At) : IFixtureEvent;

    /// <summary>
    /// A poll that changed the fixture was applied: the fixture's status then, and which goal id each goal event of the
    /// poll was matched to (new ids included). Goals of the ledger not listed were missing from this poll.
    /// </summary>
    public sealed record FixturePolled(
        DateTimeOffset At, string Status, int? Elapsed, int? HomeGoals, int? AwayGoals,
        IReadOnlyList<GoalSighting> Sightings, IReadOnlyList<GoalId> Missing) : IFixtureEvent;
}
