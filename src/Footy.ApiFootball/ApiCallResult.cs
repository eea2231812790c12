namespace Footy.ApiFootball;

/// <summary>The outcome of one logical call (all its attempts): a value, or the failure that ended it.</summary>
public sealed record ApiCallResult<T>(T? Value, ApiFailure? Failure, RateLimitInfo RateLimit)
{
    public bool Succeeded => Failure is null;
}

/// <summary>Why a call failed. <see cref="HttpStatus"/> is the last HTTP status received, when there was one.</summary>
public sealed record ApiFailure(ApiFailureKind Kind, string Message, int? HttpStatus);

public enum ApiFailureKind
{
    /// <summary>A non-success HTTP status other than 429 (5xx after the retries ran out, or a 4xx).</summary>
    Http,
    /// <summary>HTTP 429 after the retries ran out.</summary>
    RateLimited,
    /// <summary>No complete answer within <see cref="ApiFootballOptions.RequestTimeout"/> (after the retries).</summary>
    Timeout,
    /// <summary>Connection refused/reset, DNS failure, body cut short (after the retries).</summary>
    Network,
    /// <summary>A 2xx answer whose envelope has a non-empty <c>errors</c> (quota exhausted, bad key, bad parameter).</summary>
    ErrorEnvelope,
    /// <summary>A 2xx answer that is not a readable API-Football envelope.</summary>
    Malformed,
    /// <summary>The body exceeded <see cref="ApiFootballOptions.MaxResponseBytes"/>.</summary>
    TooLarge,
    /// <summary>The circuit breaker is open: no request was sent.</summary>
    CircuitOpen,
}

/// <summary>
/// Quota headers of the last response: <c>x-ratelimit-requests-limit/remaining</c> (per day) and
/// <c>X-RateLimit-Limit/Remaining</c> (per minute). Null where the header was absent or unreadable.
/// </summary>
public sealed record RateLimitInfo(int? DailyLimit, int? DailyRemaining, int? MinuteLimit, int? MinuteRemaining)
{
    public static RateLimitInfo None { get; } = new(null, null, null, null);
}

/// <summary>State of the client's circuit breaker, for status pages.</summary>
public enum CircuitStatus
{
    Closed,
    Open,
    HalfOpen,
}
