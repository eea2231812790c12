namespace Footy.Domain.Goals;

/// <summary>The goal's rules that come from configuration: confirmation, and how many search attempts how far apart.</summary>
public sealed record GoalRules(ConfirmationRules Confirmation, int SearchAttempts, TimeSpan AttemptInterval)
{
    /// <summary>A search looks at posts from this long before the goal was first seen: clips are often posted before the API lists the goal.</summary>
    public static readonly TimeSpan SearchMargin = TimeSpan.FromMinutes(3);

    /// <summary>An attempt that fails this many times in a row is recorded as an attempt that found nothing, and the search moves on.</summary>
    public const int AttemptFailuresBeforeMovingOn = 3;
}
