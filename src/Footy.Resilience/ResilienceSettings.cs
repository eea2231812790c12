using Microsoft.Extensions.Logging;

namespace Footy.Resilience;

/// <summary>
/// One client's settings for <see cref="ResilientPipeline{T}"/>: a per-attempt timeout, a retry budget with exponential
/// backoff and jitter, and a circuit breaker over the failed attempts.
/// </summary>
public sealed record ResilienceSettings
{
    /// <summary>The dependency, as logs and the <c>footy_resilience_events</c> counter name it (keep it low-cardinality).</summary>
    public required string Name { get; init; }

    /// <summary>What this pipeline guards within <see cref="Name"/> (a host, say): in log lines only.</summary>
    public string? Target { get; init; }

    /// <summary>Time limit of one attempt (innermost); null when the caller limits its attempts itself.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>Retries after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; init; }

    /// <summary>Backoff before the first retry; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; }

    /// <summary>Longest backoff between two attempts; null for no cap.</summary>
    public TimeSpan? RetryMaxDelay { get; init; }

    /// <summary>Longest wait a dependency's own "retry after" can impose (see <see cref="ResilienceRules{T}.RetryAfter"/>).</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; init; }

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; init; }

    public TimeSpan SamplingDuration { get; init; }

    /// <summary>How long an opened circuit refuses calls before one probe is let through (half-open).</summary>
    public TimeSpan BreakDuration { get; init; }

    /// <summary>Level of the line logged before each retry.</summary>
    public LogLevel RetryLogLevel { get; init; } = LogLevel.Debug;
}
