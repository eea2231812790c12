namespace Footy.Domain.Goals;

/// <summary>What a goal decides on (<see cref="GoalState.Decide"/>): what it was told, and how its own work ended.</summary>
public static class GoalInputs
{
    public abstract record GoalInput;

    /// <summary>A poll's observation: the goal's facts, or null when the poll did not show it.</summary>
    public sealed record Observe(DateTimeOffset At, GoalFacts? Facts, string HomeTeam, string AwayTeam) : GoalInput;

    public sealed record MatchFinished(DateTimeOffset At) : GoalInput;

    /// <summary>The poller's clock for the search; with <see cref="WaitForAttempt"/> the answer waits for a running attempt.</summary>
    public sealed record SearchTick(DateTimeOffset Now, bool WaitForAttempt) : GoalInput;

    /// <summary>An operator asked for another round of search attempts.</summary>
    public sealed record RetrySearch(DateTimeOffset At) : GoalInput;

    public sealed record AttemptSucceeded(int Attempt, DateTimeOffset At, IReadOnlyList<ClipEvents.IClipEvent> Events) : GoalInput;

    public sealed record AttemptFailed(int Attempt, DateTimeOffset At, string Error) : GoalInput;

    public sealed record ClipsDeletedFromStore(DateTimeOffset At, IReadOnlyList<string> Keys) : GoalInput;

    public sealed record ClipDeletionFailed(string Error) : GoalInput;

    /// <summary>After recovery or a persisted change: what follows from the state now (completion, deletion, registration, passivation).</summary>
    public sealed record Review(DateTimeOffset Now) : GoalInput;
}
