namespace Footy.Domain.Polling;

/// <summary>What the poller decides on (<see cref="PollerState.Decide"/>) between and after its cycles.</summary>
public static class PollerInputs
{
    public abstract record PollerInput;

    /// <summary>A fixture told where it stands.</summary>
    public sealed record TrackStanding(TrackedFixture Fixture) : PollerInput;

    public sealed record OpenHunt(string GoalId) : PollerInput;

    public sealed record CloseHunt(string GoalId) : PollerInput;

    /// <summary>An operator asked to ingest a past day.</summary>
    public sealed record RequestBackfill(DateOnly Day) : PollerInput;

    /// <summary>A cycle ended: what it changed in the registry, and its calls (null when it made none).</summary>
    public sealed record CompleteCycle(IReadOnlyList<PollerEvents.IPollerEvent> Changes, PollerEvents.PollCycleCompleted? Calls) : PollerInput;
}
