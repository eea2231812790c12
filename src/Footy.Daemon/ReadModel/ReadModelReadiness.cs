using Footy.Daemon.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Footy.Daemon.ReadModel;

/// <summary>
/// Whether the read model's lag keeps the node from being ready. Within <c>ReadModel:MaxLagEvents</c> and
/// <c>MaxLagSeconds</c> it is healthy. Past them it stays healthy, reported as catching up, while the projection gains on
/// the journal, and turns unhealthy once it has not gained for <c>MaxLagSeconds</c>: a stopped projection, or one falling further behind
/// than the journal grows. A first start on a journal the read model has not seen (an upgrade, a new store, a lost
/// read model file) catches up on the whole history; the node serves and polls meanwhile instead of waiting for it,
/// since that catch-up grows with the history while a stalled projection is what readiness is for.
/// Gaining: fewer events pending than at the last reading, or, while more are pending than are counted
/// (<see cref="ReadModelLag.CountLimit"/>), a stored position that moved on. One per node: it remembers the last reading.
/// </summary>
public sealed class ReadModelReadiness(ReadModelOptions limits, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private ReadModelLagReading? _last;
    private DateTimeOffset? _gainedAt;

    public HealthCheckResult Judge(ReadModelLagReading reading)
    {
        var data = new Dictionary<string, object> { ["events"] = reading.Events, ["seconds"] = Math.Round(reading.Seconds, 1), ["position"] = reading.Position };
        var behind = $"read model {reading.Events} events, {reading.Seconds:0} s behind the journal (limits {limits.MaxLagEvents} events, {limits.MaxLagSeconds} s)";
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var last = _last;
            _last = reading;
            if (reading.Events <= limits.MaxLagEvents && reading.Seconds <= limits.MaxLagSeconds)
            {
                _gainedAt = now;
                return HealthCheckResult.Healthy($"read model {reading.Events} events, {reading.Seconds:0} s behind the journal", data);
            }
            if (last is not null && Gained(last, reading)) _gainedAt = now;
            return _gainedAt is { } gained && (now - gained).TotalSeconds <= limits.MaxLagSeconds
                ? HealthCheckResult.Healthy($"{behind}; catching up (position {reading.Position})", data)
                : HealthCheckResult.Unhealthy($"{behind}; not gaining on the journal", data: data);
        }
    }

    private static bool Gained(ReadModelLagReading before, ReadModelLagReading now) =>
        now.Events < before.Events || (now.Events >= ReadModelLag.CountLimit && now.Position > before.Position);
}
