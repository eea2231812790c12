using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Footy.Resilience.Tests;

/// <summary>
/// The shared pipeline on a dependency that answers what each test scripts: the retry budget, the dependency's own
/// retry-after, the per-attempt timeout, and the circuit opening, half-opening and closing on a manual clock.
/// </summary>
public sealed class ResilientPipelineTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 5, 19, 14, 30, 0, TimeSpan.Zero);

    private readonly string _name = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ListLogger<ResilientPipelineTests> _log = new();
    private readonly ManualClock _clock = new(Start);
    private readonly ConcurrentQueue<string> _events = new();
    private readonly MeterListener _listener = new();

    public ResilientPipelineTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ResilienceTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var pairs = tags.ToArray();
            if (pairs.Any(t => t is { Key: "pipeline" } && Equals(t.Value, _name)))
                _events.Enqueue((string)pairs.Single(t => t.Key == "event").Value!);
        });
        _listener.Start();
    }

    /// <summary>What the dependency answered to one attempt.</summary>
    private sealed record Answer(bool Failed, TimeSpan? RetryAfter = null);

    private ResilienceSettings Settings(int maxRetries = 0, TimeSpan? retryBaseDelay = null) => new()
    {
        Name = _name,
        MaxRetries = maxRetries,
        RetryBaseDelay = retryBaseDelay ?? TimeSpan.Zero,
        FailureRatio = 0.5,
        MinimumThroughput = 2,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(60),
    };

    private ResilientPipeline<Answer> Pipeline(ResilienceSettings settings) => new(settings, new ResilienceRules<Answer>
    {
        ShouldRetry = outcome => outcome.Result is { Failed: true },
        RetryAfter = answer => answer.RetryAfter,
        Describe = outcome => outcome.Result is { Failed: true } ? "scripted failure" : "ok",
    }, _log, _clock);

    /// <summary>Runs one call whose attempts answer <paramref name="answers"/> in turn; returns the result and the attempts made.</summary>
    private static async Task<(Answer Result, int Attempts)> Call(ResilientPipeline<Answer> pipeline, params Answer[] answers)
    {
        var attempts = 0;
        var result = await pipeline.ExecuteAsync((script, _) => ValueTask.FromResult(script[Math.Min(attempts++, script.Length - 1)]), answers, CancellationToken.None);
        return (result, attempts);
    }

    [Fact]
    public async Task A_failing_dependency_gets_the_retry_budget_and_no_more_and_the_last_answer_comes_back()
    {
        var pipeline = Pipeline(Settings(maxRetries: 2) with { MinimumThroughput = 100 });

        var (result, attempts) = await Call(pipeline, new Answer(true));

        Assert.Equal(3, attempts);
        Assert.True(result.Failed);
        Assert.Equal(2, _log.Entries.Count(e => e.Message.Contains("failed (scripted failure); retrying in")));
        Assert.Equal(["retry", "retry"], _events);
        Assert.Equal(CircuitState.Closed, pipeline.Circuit);
    }

    [Fact]
    public async Task A_retry_stops_as_soon_as_an_attempt_succeeds()
    {
        var (result, attempts) = await Call(Pipeline(Settings(maxRetries: 5)), new Answer(true), new Answer(false));

        Assert.Equal(2, attempts);
        Assert.False(result.Failed);
    }

    [Fact]
    public async Task The_dependencys_retry_after_replaces_the_backoff_capped_by_the_setting()
    {
        // A backoff of an hour would hang the test: the retry waits what the dependency asked for, capped to nothing.
        var pipeline = Pipeline(Settings(maxRetries: 1, retryBaseDelay: TimeSpan.FromHours(1)) with { RetryAfterCap = TimeSpan.Zero, MinimumThroughput = 100 });

        var (result, attempts) = await Call(pipeline, new Answer(true, RetryAfter: TimeSpan.FromMinutes(10)), new Answer(false));

        Assert.Equal((false, 2), (result.Failed, attempts));
        Assert.Contains(_log.Entries, e => e.Message.EndsWith("retrying in 0 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attempt_past_the_timeout_is_cut_off_and_the_last_one_surfaces_as_a_timeout()
    {
        var pipeline = new ResilientPipeline<Answer>(Settings(maxRetries: 1) with { AttemptTimeout = TimeSpan.FromMilliseconds(50), MinimumThroughput = 100 },
            new ResilienceRules<Answer> { ShouldRetry = outcome => outcome.Exception is TimeoutRejectedException }, _log, TimeProvider.System);
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(async (_, token) =>
        {
            attempts++;
            await Task.Delay(Timeout.Infinite, token);
            return new Answer(false);
        }, 0, CancellationToken.None));

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task The_circuit_opens_on_failures_refuses_calls_half_opens_after_the_break_and_closes_on_a_good_probe()
    {
        var pipeline = Pipeline(Settings());

        await Call(pipeline, new Answer(false));
        await Call(pipeline, new Answer(false));
        await Call(pipeline, new Answer(true));
        Assert.Equal(CircuitState.Closed, pipeline.Circuit);   // 1 failure in 3 attempts, below the ratio
        await Call(pipeline, new Answer(true));
        Assert.Equal(CircuitState.Open, pipeline.Circuit);     // 2 in 4
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning && e.Message == $"{_name}: circuit opened for 60 s after repeated failures (last: scripted failure)");

        var attempted = false;
        await Assert.ThrowsAsync<BrokenCircuitException>(async () =>
            await pipeline.ExecuteAsync((_, _) => { attempted = true; return ValueTask.FromResult(new Answer(false)); }, 0, CancellationToken.None));
        Assert.False(attempted);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, pipeline.Circuit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, pipeline.Circuit);

        var (probe, attempts) = await Call(pipeline, new Answer(false));
        Assert.Equal((false, 1), (probe.Failed, attempts));
        Assert.Equal(CircuitState.Closed, pipeline.Circuit);
        Assert.Equal(["circuit-opened", "circuit-half-opened", "circuit-closed"], _events);
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again_for_another_break()
    {
        var pipeline = Pipeline(Settings());
        await Call(pipeline, new Answer(true));
        await Call(pipeline, new Answer(true));
        Assert.Equal(CircuitState.Open, pipeline.Circuit);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var (probe, _) = await Call(pipeline, new Answer(true));

        Assert.True(probe.Failed);
        Assert.Equal(CircuitState.Open, pipeline.Circuit);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, pipeline.Circuit);
        Assert.Equal(["circuit-opened", "circuit-half-opened", "circuit-opened"], _events);
    }

    public void Dispose() => _listener.Dispose();
}
