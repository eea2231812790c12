using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Footy.Resilience;

/// <summary>
/// Retry (exponential backoff with jitter, or the wait the dependency asked for) around a circuit breaker around a
/// per-attempt timeout, built from one <see cref="ResilienceSettings"/> and one <see cref="ResilienceRules{T}"/>. Retries
/// and circuit changes are logged and counted (<see cref="ResilienceTelemetry"/>). When the circuit is open a call throws
/// <see cref="BrokenCircuitException"/> without running; when the last attempt timed out it throws
/// <see cref="TimeoutRejectedException"/>.
/// </summary>
public sealed class ResilientPipeline<T>
{
    private readonly ResiliencePipeline<T> _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeProvider _time;
    private long _openUntilTicks;

    public ResilientPipeline(ResilienceSettings settings, ResilienceRules<T> rules, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var name = settings.Target is null ? settings.Name : $"{settings.Name} ({settings.Target})";
        var describe = rules.Describe ?? DescribeOutcome;
        var countsAgainstCircuit = rules.CountsAgainstCircuit ?? rules.ShouldRetry;

        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = time, Name = settings.Name };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not BrokenCircuitException && rules.ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(
                    rules.RetryAfter is not null && args.Outcome.Result is { } result && rules.RetryAfter(result) is { } wait
                        ? (TimeSpan?)TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, settings.RetryAfterCap.Ticks))
                        : null),
                OnRetry = args =>
                {
                    ResilienceTelemetry.Record(settings.Name, "retry");
                    logger.Log(settings.RetryLogLevel, "{Pipeline}: attempt {Attempt} failed ({Failure}); retrying in {Delay} ms",
                        name, args.AttemptNumber + 1, describe(args.Outcome), (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<T>
        {
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            StateProvider = _circuit,
            ShouldHandle = args => ValueTask.FromResult(countsAgainstCircuit(args.Outcome)),
            OnOpened = args =>
            {
                Interlocked.Exchange(ref _openUntilTicks, (time.GetUtcNow() + args.BreakDuration).UtcTicks);
                ResilienceTelemetry.Record(settings.Name, "circuit-opened");
                logger.LogWarning("{Pipeline}: circuit opened for {Seconds} s after repeated failures (last: {Failure})",
                    name, args.BreakDuration.TotalSeconds, describe(args.Outcome));
                return default;
            },
            OnHalfOpened = _ =>
            {
                ResilienceTelemetry.Record(settings.Name, "circuit-half-opened");
                logger.LogInformation("{Pipeline}: circuit half-open: the next call probes", name);
                return default;
            },
            OnClosed = _ =>
            {
                ResilienceTelemetry.Record(settings.Name, "circuit-closed");
                logger.LogInformation("{Pipeline}: circuit closed", name);
                return default;
            },
        });
        if (settings.AttemptTimeout is { } timeout) builder.AddTimeout(timeout);
        _pipeline = builder.Build();
    }

    /// <summary>The circuit as a caller about to call sees it: an open circuit whose break has elapsed lets the next call probe.</summary>
    public CircuitState Circuit => _circuit.CircuitState switch
    {
        CircuitState.Open when _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _openUntilTicks) => CircuitState.HalfOpen,
        var state => state,
    };

    public ValueTask<T> ExecuteAsync<TState>(Func<TState, CancellationToken, ValueTask<T>> attempt, TState state, CancellationToken ct) =>
        _pipeline.ExecuteAsync(attempt, state, ct);

    private static string DescribeOutcome(Outcome<T> outcome) =>
        outcome.Exception is { } e ? $"{e.GetType().Name}: {e.Message}" : outcome.Result?.ToString() ?? "no result";
}
