namespace Footy.Discovery;

/// <summary>Time limits, retries, circuit breaker and size cap shared by the HTTP sources.</summary>
public abstract class HttpSourceOptions
{
    /// <summary>Time limit of one attempt (connect, headers and body).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time limit of one whole <c>SearchAsync</c>/<c>ResolveAsync</c> call, all queries and retries included.</summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt on 5xx, 429 (honouring <c>Retry-After</c>), timeouts and network failures (0 = none).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the exponential backoff (with jitter) between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait a <c>Retry-After</c> header can impose before a retry.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Hard cap on a response body; a longer body fails with <see cref="SourceFailureKind.TooLarge"/>.</summary>
    public int MaxResponseBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Share of failed attempts within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 6;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses calls before letting one probe through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sent as <c>User-Agent</c>.</summary>
    public string UserAgent { get; set; } = "Footy.Actors/1.0 (goal highlights bot)";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting; <paramref name="section"/> prefixes the names.</summary>
    public virtual void Validate(string section)
    {
        if (RequestTimeout < TimeSpan.FromMilliseconds(10) || RequestTimeout > TimeSpan.FromMinutes(10))
            Fail(section, "RequestTimeout must be between 10 ms and 10 minutes");
        if (OverallTimeout < RequestTimeout || OverallTimeout > TimeSpan.FromHours(1))
            Fail(section, "OverallTimeout must be at least RequestTimeout and at most 1 hour");
        if (MaxRetries is < 0 or > 10) Fail(section, "MaxRetries must be between 0 and 10");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(5)) Fail(section, "RetryBaseDelay must be between 0 and 5 minutes");
        if (RetryAfterCap < TimeSpan.Zero || RetryAfterCap > TimeSpan.FromMinutes(5)) Fail(section, "RetryAfterCap must be between 0 and 5 minutes");
        if (MaxResponseBytes is < 1024 or > 256 * 1024 * 1024) Fail(section, "MaxResponseBytes must be between 1024 and 268435456");
        if (double.IsNaN(CircuitFailureRatio) || CircuitFailureRatio <= 0 || CircuitFailureRatio > 1)
            Fail(section, "CircuitFailureRatio must be greater than 0 and at most 1");
        if (CircuitMinimumThroughput < 2) Fail(section, "CircuitMinimumThroughput must be at least 2");
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitSamplingDuration > TimeSpan.FromDays(1))
            Fail(section, "CircuitSamplingDuration must be between 500 ms and 1 day");
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakDuration > TimeSpan.FromDays(1))
            Fail(section, "CircuitBreakDuration must be between 500 ms and 1 day");
        if (string.IsNullOrWhiteSpace(UserAgent) || UserAgent.Any(char.IsControl)) Fail(section, "UserAgent must be a non-empty header value");
    }

    protected static void Fail(string section, string message) => throw new ArgumentException($"{section}:{message}");

    protected static void CheckBaseUrl(string section, string name, Uri? url, bool required)
    {
        if (url is null)
        {
            if (required) Fail(section, name + " is required");
            return;
        }
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            Fail(section, name + " must be an absolute http or https URL");
    }
}
