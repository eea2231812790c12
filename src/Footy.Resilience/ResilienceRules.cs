using Polly;

namespace Footy.Resilience;

/// <summary>What counts as a failure for one client: which outcomes are retried, which count against the circuit, how they read in logs.</summary>
public sealed record ResilienceRules<T>
{
    /// <summary>Whether an attempt's outcome (a result or an exception) is worth another attempt.</summary>
    public required Func<Outcome<T>, bool> ShouldRetry { get; init; }

    /// <summary>Whether an outcome counts against the circuit; by default the outcomes that are retried.</summary>
    public Func<Outcome<T>, bool>? CountsAgainstCircuit { get; init; }

    /// <summary>The wait the dependency asked for (a <c>Retry-After</c> header), capped by <see cref="ResilienceSettings.RetryAfterCap"/>; null: backoff.</summary>
    public Func<T, TimeSpan?>? RetryAfter { get; init; }

    /// <summary>An outcome in a log line; by default the exception's type and message, or the result.</summary>
    public Func<Outcome<T>, string>? Describe { get; init; }
}
