using Footy.Daemon.Configuration;
using Footy.Storage;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Footy.Daemon.Persistence;

/// <summary>
/// What a killed daemon leaves in its local clip store: temporary <c>.part</c> files of interrupted writes and
/// sidecars whose clip never arrived. Swept before the host starts, when no write of this process can be in flight.
/// </summary>
public static class CrashLeftovers
{
    public static void SweepLocalClipStore(FootyOptions options, Serilog.ILogger logger)
    {
        var storage = options.Clips.Storage(options.DataDirectory);
        if (!storage.IsFilesystem) return;
        // A store inside the data directory belongs to this daemon alone, so every temporary file in it is a dead
        // process's; a store elsewhere may be shared with live writers and keeps the store's grace period.
        var ownedByThisDaemon = Path.GetFullPath(storage.Root)
            .StartsWith(Path.GetFullPath(options.DataDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        using var loggers = new SerilogLoggerFactory(logger);
        var store = new LocalClipStore(storage.Root, loggers.CreateLogger<LocalClipStore>(), ownedByThisDaemon ? TimeSpan.Zero : null);
        store.DeleteTemporaryAsync().GetAwaiter().GetResult();
    }
}
