using Akka.Actor;
using Footy.ApiFootball;
using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Daemon.Polling;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Footy.Admin;

/// <summary>
/// The poller is fresh: while fixtures are polled, a poll succeeded within <c>Admin:StaleAfterSeconds</c> (of the daemon's
/// clock). Asks the poller singleton, which never passivates; a poller that does not answer is not fresh either.
/// </summary>
public sealed class PollerFreshnessCheck(NodeHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await health.PollerAsync(cancellationToken) is not var (poller, now))
            return HealthCheckResult.Unhealthy("the poller is not answering");
        var data = new Dictionary<string, object>
        {
            ["polledFixtures"] = poller.Fixtures.Count(f => f.IsPolled),
            ["lastCycleAt"] = poller.LastCycleAt?.ToString("O") ?? "never",
            ["lastSuccessfulPollAt"] = poller.LastSuccessfulPollAt?.ToString("O") ?? "never",
        };
        return health.IsStale(poller, now)
            ? HealthCheckResult.Unhealthy($"stale: last successful poll {poller.LastSuccessfulPollAt?.ToString("u") ?? "never"}, " +
                $"last cycle {poller.LastCycleAt?.ToString("u") ?? "never"}", data: data)
            : HealthCheckResult.Healthy("polls succeed", data);
    }
}

/// <summary>API-Football answers: the poller's circuit breaker is not open.</summary>
public sealed class ApiCircuitCheck(NodeHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await health.PollerAsync(cancellationToken) is not var (poller, _))
            return HealthCheckResult.Unhealthy("the poller is not answering");
        var data = new Dictionary<string, object> { ["circuit"] = poller.Circuit.ToString() };
        return poller.Circuit == CircuitStatus.Open
            ? HealthCheckResult.Unhealthy("open: API-Football is failing", data: data)
            : HealthCheckResult.Healthy($"circuit {poller.Circuit.ToString().ToLowerInvariant()}", data);
    }
}

/// <summary>This node's media pipeline takes more clips: its queue is not full.</summary>
public sealed class MediaQueueCheck(ClipPipeline pipeline, FootyOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (depth, capacity) = (pipeline.QueuedCandidates, options.Clips.QueueCapacity);
        var data = new Dictionary<string, object> { ["depth"] = depth, ["capacity"] = capacity };
        return Task.FromResult(depth < capacity
            ? HealthCheckResult.Healthy($"{depth} of {capacity} queued", data)
            : HealthCheckResult.Unhealthy($"overloaded: {depth} clips queued (capacity {capacity})", data: data));
    }
}
