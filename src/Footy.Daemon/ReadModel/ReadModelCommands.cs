namespace Footy.Daemon.ReadModel;

/// <summary>What the read model projection singleton is asked to do besides projecting.</summary>
public static class ReadModelCommands
{
    /// <summary>
    /// Rebuild the read model from the whole journal while the daemon runs: the projection stops, the journal is projected
    /// into the store's staging tables while the pages keep reading the published ones, the staging tables are put in place
    /// in one step, and the projection resumes from their positions. Answered with <see cref="Rebuilt"/>, or a failure when a
    /// rebuild already runs.
    /// </summary>
    public sealed record Rebuild
    {
        public static readonly Rebuild Instance = new();
    }

    /// <summary>How many journal events the rebuild applied, in how long, and the journal position the read model then stands at.</summary>
    public sealed record Rebuilt(long Events, double Seconds, long Position);
}
