namespace Footy.Domain.Fixtures;

/// <summary>What a fixture decides on (<see cref="FixtureState.Decide"/>).</summary>
public static class FixtureInputs
{
    public abstract record FixtureInput;

    /// <summary>An ingest listed the fixture (new, or again with maybe a new kickoff or status).</summary>
    public sealed record Schedule(FixtureSnapshot Snapshot) : FixtureInput;

    /// <summary>Kickoff is near: start polling.</summary>
    public sealed record Activate(DateTimeOffset At) : FixtureInput;

    /// <summary>One successful poll's view of the fixture, observed at <see cref="At"/> (the poller's clock).</summary>
    public sealed record ObservePoll(FixtureSnapshot Snapshot, DateTimeOffset At) : FixtureInput;

    /// <summary>The fixture came back from its journal.</summary>
    public sealed record Recovered : FixtureInput;
}
