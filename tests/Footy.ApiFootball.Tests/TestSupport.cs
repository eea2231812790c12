using System.Collections.Concurrent;
using Footy.ApiFootball;

namespace Footy.ApiFootball.Tests;

/// <summary>Collects traffic seen by the client.</summary>
public sealed class TrafficLog : IApiTrafficObserver
{
    public ConcurrentQueue<ApiTraffic> Seen { get; } = new();

    public void OnResponse(ApiTraffic traffic) => Seen.Enqueue(traffic);
}

public static class Clients
{
    public const string Key = "test-key-5f1c0ffee";

    /// <summary>Options tuned for fast tests: tiny retry delays and a short timeout.</summary>
    public static ApiFootballOptions FastOptions(Uri baseUrl, Action<ApiFootballOptions>? tweak = null)
    {
        var o = new ApiFootballOptions
        {
            BaseUrl = baseUrl,
            ApiKey = Key,
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            CircuitMinimumThroughput = 100,
            CircuitBreakDuration = TimeSpan.FromMilliseconds(500),
            CircuitSamplingDuration = TimeSpan.FromSeconds(30),
        };
        tweak?.Invoke(o);
        return o;
    }

    public static ApiFootballClient Create(Uri baseUrl, Action<ApiFootballOptions>? tweak = null,
        ListLogger<ApiFootballClient>? logger = null, IApiTrafficObserver? observer = null) =>
        new(new HttpClient(), FastOptions(baseUrl, tweak), logger ?? new ListLogger<ApiFootballClient>(), TimeProvider.System, observer);
}
