namespace Footy.Domain.Goals;

/// <summary>What the goal actor does for a decision, in order, once the decision's events are persisted.</summary>
public static class GoalEffects
{
    public abstract record GoalEffect;

    /// <summary>Tell the sender the goal's stage (<c>GoalAck</c>).</summary>
    public sealed record Acknowledge : GoalEffect;

    /// <summary>Answer an operator's retry.</summary>
    public sealed record AnswerRetry(bool Restarted, string Outcome) : GoalEffect;

    /// <summary>Answer the sender once the running attempt's outcome is persisted.</summary>
    public sealed record AnswerAfterAttempt : GoalEffect;

    /// <summary>Answer everyone waiting for an attempt.</summary>
    public sealed record ReleaseAttemptWaiters : GoalEffect;

    public sealed record StartAttempt(int Attempt, DateTimeOffset At) : GoalEffect;

    public sealed record CancelAttempt : GoalEffect;

    /// <summary>Delete these stored clips; the outcome comes back as <see cref="GoalInputs.ClipsDeletedFromStore"/> stamped <see cref="At"/>.</summary>
    public sealed record DeleteClips(IReadOnlyList<string> Keys, DateTimeOffset At) : GoalEffect;

    /// <summary>The search is open: the poller ticks it every cycle.</summary>
    public sealed record RegisterOpenSearch : GoalEffect;

    public sealed record UnregisterSearch : GoalEffect;

    /// <summary>Nothing more will happen: leave memory when idle.</summary>
    public sealed record PassivateWhenIdle : GoalEffect;

    /// <summary>Decide <see cref="GoalInputs.Review"/> now.</summary>
    public sealed record ReviewNow : GoalEffect;

    public sealed record Warn(string Message) : GoalEffect;
}
