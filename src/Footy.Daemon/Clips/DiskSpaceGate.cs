using Footy.Daemon.Configuration;
using Microsoft.Extensions.Logging;

namespace Footy.Daemon.Clips;

/// <summary>
/// Holds new clip downloads while the disk of the data directory has less free space than
/// <see cref="ClipsOptions.MinFreeDiskBytes"/>, so a filling disk slows the goals down instead of failing writes of
/// clips, snapshots or the journal half-way. Free space is measured for real (statvfs) before every download and,
/// while paused, every <see cref="RecheckInterval"/>; the floor is read from the options at every check.
/// </summary>
public sealed class DiskSpaceGate(string directory, ClipsOptions options, ILogger logger)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private DateTimeOffset? _pausedSince;

    /// <summary>Returns at once when there is room; otherwise waits until there is, and returns how long it waited.</summary>
    public async Task<TimeSpan> WaitForRoomAsync(CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var (free, floor) = Measure();
            if (free >= floor)
            {
                NoteResumed(free, floor);
                return DateTimeOffset.UtcNow - started;
            }
            NotePaused(free, floor);
            await Task.Delay(RecheckInterval, ct);
        }
    }

    private (long Free, long Floor) Measure() =>
        (new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace, options.MinFreeDiskBytes);

    private void NotePaused(long free, long floor)
    {
        lock (_lock)
        {
            if (_pausedSince is not null) return;
            _pausedSince = DateTimeOffset.UtcNow;
        }
        logger.LogWarning(
            "Free disk space for {Directory} is {Free} bytes, below Clips:MinFreeDiskBytes {Floor}: new clip downloads are paused until space is freed",
            directory, free, floor);
    }

    private void NoteResumed(long free, long floor)
    {
        DateTimeOffset since;
        lock (_lock)
        {
            if (_pausedSince is not { } paused) return;
            since = paused;
            _pausedSince = null;
        }
        logger.LogWarning(
            "Free disk space for {Directory} is back to {Free} bytes (floor {Floor}): clip downloads resumed after a {Seconds:0.0} s pause",
            directory, free, floor, (DateTimeOffset.UtcNow - since).TotalSeconds);
    }
}
