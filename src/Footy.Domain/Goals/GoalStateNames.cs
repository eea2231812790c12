namespace Footy.Domain.Goals;

/// <summary>
/// The public names of a goal's states, the only ones shown outside the journal: <c>footy goals</c> and <c>footy goal</c>,
/// the admin endpoint's JSON, <c>/metrics</c> labels, the published summary (recording-format.md) and the docs.
/// The <see cref="GoalStage"/> members keep their own names because snapshots persist them.
/// </summary>
public static class GoalStateNames
{
    /// <summary>Seen, not yet confirmed (or seen again after a cancellation).</summary>
    public const string Pending = "pending";

    /// <summary>Seen in enough consecutive polls: its clips are being searched.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Confirmed and its clip search is over.</summary>
    public const string Complete = "complete";

    /// <summary>Missing from enough consecutive polls (VAR): withdrawn upstream, its clips deleted.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The match finished while the goal was still pending: never confirmed.</summary>
    public const string Expired = "expired";

    public static string PublicName(this GoalStage stage) => stage switch
    {
        GoalStage.Pending => Pending,
        GoalStage.Confirmed => Confirmed,
        GoalStage.Complete => Complete,
        GoalStage.Withdrawn => Cancelled,
        GoalStage.Expired => Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown goal stage."),
    };
}
