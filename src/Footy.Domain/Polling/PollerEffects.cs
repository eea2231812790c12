namespace Footy.Domain.Polling;

/// <summary>What the poller actor does for a decision, once the decision's events are persisted.</summary>
public static class PollerEffects
{
    public abstract record PollerEffect;

    /// <summary>Overwrite the poller's snapshot with its state: a cycle that changed nothing else is kept there, not in the journal.</summary>
    public sealed record OverwriteSnapshot : PollerEffect;

    /// <summary>Tell the operator the backfill is pending.</summary>
    public sealed record AnswerBackfill(DateOnly Day) : PollerEffect;
}
