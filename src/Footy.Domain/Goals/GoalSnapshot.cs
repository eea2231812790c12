namespace Footy.Domain.Goals;

/// <summary>Everything a goal keeps in its snapshots: its confirmation state and, once confirmed, its clip search.</summary>
public sealed record GoalSnapshot(GoalLifecycle Lifecycle, ClipHunt? Hunt);
