using Footy.Domain.Goals;

namespace Footy.Daemon.Polling;

public static class PollerCommands
{
    /// <summary>Run one cycle (ingest if due, activate, poll) as of <see cref="Now"/>; answered with <see cref="TickDone"/>.</summary>
    public sealed record Tick(DateTimeOffset Now);

    public sealed record TickDone(DateTimeOffset Now, PollCycleReport Report);

    /// <summary>A goal's clip search started (or is still running after a restart): tick it every cycle.</summary>
    public sealed record HuntOpened(GoalId GoalId);

    public sealed record HuntClosed(GoalId GoalId);

    /// <summary>An operator's <c>footy backfill</c>: ingest a past day's fixtures at the next cycle, as the daily ingest does.</summary>
    public sealed record Backfill(DateOnly Day);

    public sealed record BackfillAccepted(DateOnly Day, IReadOnlyList<DateOnly> Pending);
}

/// <summary>What one cycle did, for logs, status pages and the replay's progress line.</summary>
public sealed record PollCycleReport(
    bool Ingested, int Activated, int FixturesPolled, int Calls, int FailedCalls, string? Skipped, string? Error)
{
    public static PollCycleReport Failed(string error) => new(false, 0, 0, 0, 0, null, error);

    /// <summary>The cycle's real time by stage (<see cref="CycleStages"/>); none for a cycle that failed before it ran.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
}
