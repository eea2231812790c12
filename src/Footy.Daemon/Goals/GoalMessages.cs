using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Daemon.Goals;

public static class GoalCommands
{
    /// <summary>What the fixture's poll at <see cref="At"/> said about this goal: its facts, or null when it was missing.</summary>
    public sealed record Observe(GoalId GoalId, FixtureId FixtureId, DateTimeOffset At, GoalFacts? Facts, string HomeTeam, string AwayTeam) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    /// <summary>The fixture is over (after its grace polls): no more observations will come.</summary>
    public sealed record MatchFinished(GoalId GoalId, FixtureId FixtureId, DateTimeOffset At) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    /// <summary>
    /// The poller's clock for a goal's clip search: start the next attempt when it is due. With
    /// <see cref="WaitForAttempt"/> (replays) the answer comes once the attempt's outcome is persisted.
    /// </summary>
    public sealed record HuntTick(GoalId GoalId, DateTimeOffset Now, bool WaitForAttempt) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    /// <summary>An operator's <c>footy retry goal</c>: search the confirmed goal's clips again, a full round of attempts from <see cref="At"/>.</summary>
    public sealed record RetryClipHunt(GoalId GoalId, DateTimeOffset At) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    /// <summary>Retention: delete the goal's clips, its events and snapshots, then leave memory. Answered with <see cref="Purged"/>.</summary>
    public sealed record Purge(GoalId GoalId) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    public sealed record Purged(GoalId GoalId, int ClipsDeleted);

    /// <summary>Reply to every goal command once its events are persisted.</summary>
    public sealed record GoalAck(GoalId GoalId, GoalStage Stage);

    public sealed record RetryAnswer(GoalId GoalId, bool Restarted, string Outcome);
}

public static class GoalQueries
{
    public sealed record GetGoal(GoalId GoalId) : IGoalMessage
    {
        public string EntityId => GoalId.Value;
    }

    public sealed record GoalView(
        GoalId Id, FixtureId Fixture, GoalStage Stage, string? SummaryState, GoalFacts? Facts,
        DateTimeOffset? FirstSeenAt, DateTimeOffset? ConfirmedAt, int SeenStreak, int MissingStreak,
        ClipHunt? Hunt);
}
