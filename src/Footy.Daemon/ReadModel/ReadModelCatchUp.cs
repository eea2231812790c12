using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.ReadModel;

/// <summary>A replay ends with its read model complete, so the read model and the replay's summary tell the same story.</summary>
public static class ReadModelCatchUp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(IServiceProvider services, Serilog.ILogger logger, CancellationToken ct)
    {
        if (!await services.GetRequiredService<ReadModelLag>().WaitUntilCaughtUpAsync(Timeout, ct))
            logger.Warning("The read model had not applied every journal event {Timeout} after the replay ended; it catches up at the next start", Timeout);
    }
}
