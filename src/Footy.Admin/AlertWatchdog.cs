using System.Net.Http.Json;
using Footy.ApiFootball;
using Footy.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Footy.Admin;

/// <summary>What the webhook receives: one JSON object per alert.</summary>
public sealed record Alert(string Kind, string Node, DateTimeOffset At, string Message);

/// <summary>
/// The freshness check: every <c>Admin:AlertCheckSeconds</c> it asks whether the poller is stale or the API circuit is
/// open, logs each change of state, and when <c>Admin:AlertWebhookUrl</c> is set posts it there (timeout, three tries with
/// backoff, and a circuit breaker, so a dead webhook costs nothing more than a log line).
/// </summary>
public sealed class AlertWatchdog(FootyOptions options, IServiceProvider services, ILogger<AlertWatchdog> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ResiliencePipeline _delivery = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2, Delay = TimeSpan.FromSeconds(2), BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TaskCanceledException>(),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 1, MinimumThroughput = 3, SamplingDuration = TimeSpan.FromMinutes(5), BreakDuration = TimeSpan.FromMinutes(5),
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TaskCanceledException>(),
        })
        .Build();

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
            await _delivery.ExecuteAsync(async token =>
            {
                using var response = await _http.PostAsJsonAsync(options.Admin.AlertWebhookUrl, alert, AdminEndpoint.Json, token);
                if ((int)response.StatusCode >= 500) throw new HttpRequestException($"webhook answered {(int)response.StatusCode}");
                if (!response.IsSuccessStatusCode)
                    logger.LogWarning("Alert webhook refused the {Kind} alert with {Status}; not retried", alert.Kind, (int)response.StatusCode);
            }, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or BrokenCircuitException)
        {
            logger.LogWarning("Alert {Kind} not delivered to the webhook: {Error}", alert.Kind, e.Message);
        }
    }
}
