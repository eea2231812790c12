namespace Footy.ApiFootball;

/// <summary>Settings of <see cref="ApiFootballClient"/> (configuration section <c>ApiFootball</c>).</summary>
public sealed class ApiFootballOptions
{
    /// <summary>Root of the API; request paths (<c>fixtures?...</c>) are resolved against it.</summary>
    public Uri BaseUrl { get; set; } = new("https://v3.football.api-sports.io/");

    /// <summary>Sent as header <c>x-apisports-key</c> (omitted when empty). Never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Time limit of one attempt (request, headers and body).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Most fixture ids in one <c>fixtures?ids=</c> call; the upstream allows 20.</summary>
    public int MaxIdsPerCall { get; set; } = 20;

    /// <summary>Hard cap on a response body; a longer body fails the call with <see cref="ApiFailureKind.TooLarge"/>.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Retries after the first attempt on 5xx, 429, timeouts and network failures (0 = none).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the exponential backoff (with jitter) between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait a 429's <c>Retry-After</c> header can impose before the retry.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed attempts within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 4;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses calls before letting one probe through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            Fail("ApiFootball:BaseUrl must be an absolute http or https URL");
        if (ApiKey is null)
            Fail("ApiFootball:ApiKey must not be null");
        if (ApiKey!.Any(c => char.IsControl(c)))
            Fail("ApiFootball:ApiKey must not contain control characters");
        if (RequestTimeout < TimeSpan.FromMilliseconds(10) || RequestTimeout > TimeSpan.FromMinutes(10))
            Fail("ApiFootball:RequestTimeout must be between 10 ms and 10 minutes");
        if (MaxIdsPerCall is < 1 or > 20)
            Fail("ApiFootball:MaxIdsPerCall must be between 1 and 20");
        if (MaxResponseBytes is < 1024 or > 1024 * 1024 * 1024)
            Fail("ApiFootball:MaxResponseBytes must be between 1024 and 1073741824");
        if (MaxRetries is < 0 or > 10)
            Fail("ApiFootball:MaxRetries must be between 0 and 10");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(5))
            Fail("ApiFootball:RetryBaseDelay must be between 0 and 5 minutes");
        if (RetryAfterCap < TimeSpan.Zero || RetryAfterCap > TimeSpan.FromMinutes(5))
            Fail("ApiFootball:RetryAfterCap must be between 0 and 5 minutes");
        if (double.IsNaN(CircuitFailureRatio) || CircuitFailureRatio <= 0 || CircuitFailureRatio > 1)
            Fail("ApiFootball:CircuitFailureRatio must be greater than 0 and at most 1");
        if (CircuitMinimumThroughput < 2)
            Fail("ApiFootball:CircuitMinimumThroughput must be at least 2");
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitSamplingDuration > TimeSpan.FromDays(1))
            Fail("ApiFootball:CircuitSamplingDuration must be between 500 ms and 1 day");
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakDuration > TimeSpan.FromDays(1))
            Fail("ApiFootball:CircuitBreakDuration must be between 500 ms and 1 day");
    }

    private static void Fail(string message) => throw new ArgumentException(message);
}
