namespace Footy.Domain.Fixtures;

/// <summary>Where a fixture is in its lifecycle, as far as polling is concerned.</summary>
public enum FixturePhase
{
    /// <summary>Known, not kicked off: not polled until shortly before kickoff.</summary>
    Staging,
    /// <summary>Being polled live.</summary>
    Active,
    /// <summary>Upstream says it ended; still polled for a few grace polls so late goal changes settle.</summary>
    Finishing,
    /// <summary>Done: no more polls.</summary>
    Finished,
}
