namespace Footy.Discovery;

/// <summary>Settings of <see cref="HttpClipDownloader"/> (configuration section <c>Discovery:Download</c>).</summary>
public sealed class DownloadOptions
{
    /// <summary>Largest file accepted; reading stops as soon as the body goes past it.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Time limit to open a TCP connection (each resolved address).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for response headers, and for each chunk of the body.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of a whole download, redirects and retries included.</summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Most redirects followed (each hop is checked by the address guard).</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Retries after the first attempt, only where a retry can help: 5xx, 429, network errors, idle timeouts.</summary>
    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait a <c>Retry-After</c> header can impose before the retry.</summary>
    public TimeSpan RetryAfterCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Hosts and networks exempt from the address guard: host names (<c>"cdn.example.org"</c>, matched exactly,
    /// case-insensitive), IP addresses (<c>"127.0.0.1"</c>) and CIDR blocks (<c>"10.1.0.0/16"</c>). Empty in
    /// production; tests and replays allow-list <c>127.0.0.1</c>.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    public string UserAgent { get; set; } = "Mozilla/5.0 (X11; Linux x86_64) Footy.Actors/1.0";

    /// <summary>Circuit breaker per host: share of failed attempts within the sampling window that opens it.</summary>
    public double CircuitFailureRatio { get; set; } = 0.7;

    public int CircuitMinimumThroughput { get; set; } = 6;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    public void Validate(string section = "Discovery:Download")
    {
        void Fail(string m) => throw new ArgumentException($"{section}:{m}");
        if (MaxBytes < 1024) Fail("MaxBytes must be at least 1024");
        if (ConnectTimeout < TimeSpan.FromMilliseconds(10) || ConnectTimeout > TimeSpan.FromMinutes(5)) Fail("ConnectTimeout must be between 10 ms and 5 minutes");
        if (IdleTimeout < TimeSpan.FromMilliseconds(10) || IdleTimeout > TimeSpan.FromMinutes(10)) Fail("IdleTimeout must be between 10 ms and 10 minutes");
        if (OverallTimeout < TimeSpan.FromMilliseconds(50) || OverallTimeout > TimeSpan.FromHours(2)) Fail("OverallTimeout must be between 50 ms and 2 hours");
        if (MaxRedirects is < 0 or > 20) Fail("MaxRedirects must be between 0 and 20");
        if (MaxRetries is < 0 or > 10) Fail("MaxRetries must be between 0 and 10");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(5)) Fail("RetryBaseDelay must be between 0 and 5 minutes");
        if (RetryAfterCap < TimeSpan.Zero || RetryAfterCap > TimeSpan.FromMinutes(10)) Fail("RetryAfterCap must be between 0 and 10 minutes");
        if (double.IsNaN(CircuitFailureRatio) || CircuitFailureRatio <= 0 || CircuitFailureRatio > 1) Fail("CircuitFailureRatio must be greater than 0 and at most 1");
        if (CircuitMinimumThroughput < 2) Fail("CircuitMinimumThroughput must be at least 2");
        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500)) Fail("CircuitSamplingDuration must be at least 500 ms");
        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500)) Fail("CircuitBreakDuration must be at least 500 ms");
        if (string.IsNullOrWhiteSpace(UserAgent) || UserAgent.Any(char.IsControl)) Fail("UserAgent must be a non-empty header value");
        _ = AddressGuard.Create(AllowedHosts); // throws on a bad entry
    }
}
