using System.Net.Http.Json;
using Footy.ApiFootball;
using Footy.Daemon.Configuration;
using Footy.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Footy.Admin;

/// <summary>What the webhook receives: one JSON object per alert.</summary>
public sealed record Alert(string Kind, string Node, DateTimeOffset At, string Message);

/// <summary>
/// The freshness check: every <c>Admin:AlertCheckSeconds</c> the node hosting the poller singleton asks whether the poller is
/// stale or the API circuit is open, logs each change of state, and when <c>Admin:AlertWebhookUrl</c> is set posts it there (timeout, three tries with
/// backoff, and a circuit breaker, so a dead webhook costs nothing more than a log line).
/// </summary>
public sealed class AlertWatchdog(FootyOptions options, IServiceProvider services, ILogger<AlertWatchdog> logger) : BackgroundService
{
    private readonly HttpClient _http = new();

    /// <summary>Posts an alert and answers the webhook's status code; a 5xx, a network failure or no answer within 10 s is retried.</summary>
    private readonly ResilientPipeline<int> _delivery = new(new ResilienceSettings
    {
        Name = "alert webhook",
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        FailureRatio = 1,
        MinimumThroughput = 3,
        SamplingDuration = TimeSpan.FromMinutes(5),
        BreakDuration = TimeSpan.FromMinutes(5),
    }, new ResilienceRules<int>
    {
        ShouldRetry = outcome => outcome.Exception is HttpRequestException or TimeoutRejectedException || outcome.Result >= 500,
        Describe = outcome => outcome.Exception?.Message ?? $"webhook answered {outcome.Result}",
    }, logger, TimeProvider.System);

    private bool _stale;
    private bool _circuitOpen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Admin.AlertCheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Health check did not complete: {Error}", e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var health = services.GetRequiredService<NodeHealth>();
        // The poller's freshness is the cluster's, not this node's: only the node hosting the poller singleton alerts, so a
        // cluster raises each alert once. A node the poller left forgets what it raised; the new host judges afresh.
        if (!health.HostsPoller())
        {
            _stale = false;
            _circuitOpen = false;
            return;
        }
        if (await health.PollerAsync(ct) is not var (poller, now))
        {
            logger.LogWarning("Health check did not complete: the poller did not answer");
            return;
        }
        var node = services.GetRequiredService<ClusterInspector>().SelfAddress;
        var stale = health.IsStale(poller, now);
        var circuitOpen = poller.Circuit != CircuitStatus.Closed;
        if (stale != _stale)
        {
            _stale = stale;
            await RaiseAsync(stale
                ? new Alert("stale", node, now, $"no successful poll since {poller.LastSuccessfulPollAt?.ToString("u") ?? "start"} while {poller.Fixtures.Count(f => f.IsPolled)} fixture(s) are live")
                : new Alert("recovered", node, now, "polling succeeds again"), ct);
        }
        if (circuitOpen != _circuitOpen)
        {
            _circuitOpen = circuitOpen;
            await RaiseAsync(circuitOpen
                ? new Alert("api-failing", node, now, $"API-Football circuit breaker is {poller.Circuit}: polls are failing")
                : new Alert("api-recovered", node, now, "API-Football answers again"), ct);
        }
    }

    private async Task RaiseAsync(Alert alert, CancellationToken ct)
    {
        if (alert.Kind is "recovered" or "api-recovered") logger.LogInformation("Health: {Kind}: {Message}", alert.Kind, alert.Message);
        else logger.LogError("Health: {Kind}: {Message}", alert.Kind, alert.Message);
        if (string.IsNullOrWhiteSpace(options.Admin.AlertWebhookUrl)) return;
        try
        {
            var status = await _delivery.ExecuteAsync(static async (state, token) =>
            {
                using var response = await state.Http.PostAsJsonAsync(state.Url, state.Alert, AdminEndpoint.Json, token);
                return (int)response.StatusCode;
            }, (Http: _http, Url: options.Admin.AlertWebhookUrl, Alert: alert), ct);
            if (status >= 500)
                logger.LogWarning("Alert {Kind} not delivered to the webhook: it answered {Status}", alert.Kind, status);
            else if (status is < 200 or > 299)
                logger.LogWarning("Alert webhook refused the {Kind} alert with {Status}; not retried", alert.Kind, status);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            logger.LogWarning("Alert {Kind} not delivered to the webhook: {Error}", alert.Kind, e.Message);
        }
    }
}
