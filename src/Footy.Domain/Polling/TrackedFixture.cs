using Footy.Domain.Fixtures;

namespace Footy.Domain.Polling;

/// <summary>A fixture in the poller's registry, as the fixture last reported where it stands.</summary>
public sealed record TrackedFixture(FixtureId Id, DateTimeOffset Kickoff, FixturePhase Phase, string Status)
{
    public bool IsPolled => Phase is FixturePhase.Active or FixturePhase.Finishing;

    /// <summary>The fixture's own activation rule (<see cref="FixtureLifecycle.ShouldActivate"/>) on what the poller knows of it.</summary>
    public bool IsDueForActivation(DateTimeOffset now, TimeSpan lead) => new FixtureLifecycle(Phase, Status, Kickoff, 0, null).ShouldActivate(now, lead);
}
