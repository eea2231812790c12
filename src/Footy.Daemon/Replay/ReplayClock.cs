namespace Footy.Daemon.Replay;

/// <summary>
/// A replay's "now": the recording's virtual time, advanced by the replay one poll at a time. Only the
/// reading of the time is virtual; timers and delays (HTTP timeouts, retry back-off) still run on real time,
/// so nothing waits for a tick that waits for it.
/// </summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
}
