using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Daemon.Fixtures;

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
