using Footy.Domain.Fixtures;

namespace Footy.Domain.Polling;

/// <summary>A fixture in the poller's registry, as the fixture last reported where it stands.</summary>
public sealed record TrackedFixture(FixtureId Id, DateTimeOffset Kickoff, FixturePhase Phase, string Status)
{
    /// <summary>The fixture's own rule (<see cref="FixtureLifecycle.IsPolled"/>) on what the poller knows of it.</summary>
    public bool IsPolled => Lifecycle.IsPolled;

    /// <summary>The fixture's own activation rule (<see cref="FixtureLifecycle.ShouldActivate"/>) on what the poller knows of it.</summary>
    public bool IsDueForActivation(DateTimeOffset now, TimeSpan lead) => Lifecycle.ShouldActivate(now, lead);

    private FixtureLifecycle Lifecycle => new(Phase, Status, Kickoff, 0, null);
}
