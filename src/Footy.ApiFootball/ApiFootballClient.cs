using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Footy.Domain.Fixtures;
using Footy.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Footy.ApiFootball;

/// <summary>
/// API-Football v3 client for the two calls the daemon makes. Every call goes through one Polly pipeline:
/// retry (exponential backoff with jitter; 5xx, 429 honouring <c>Retry-After</c>, timeouts, network failures)
/// around a circuit breaker (same failures plus 2xx error envelopes) around a per-attempt timeout.
/// Never throws for upstream trouble: failures come back as <see cref="ApiCallResult{T}.Failure"/>. Throws
/// <see cref="OperationCanceledException"/> only when the caller's token is cancelled. Thread-safe.
/// </summary>
public sealed class ApiFootballClient
{
    private const string KeyHeader = "x-apisports-key";
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly HttpClient _http;
    private readonly ApiFootballOptions _options;
    private readonly ILogger<ApiFootballClient> _logger;
    private readonly TimeProvider _time;
    private readonly IApiTrafficObserver? _observer;
    private readonly Uri _base;
    private readonly ResilientPipeline<Attempt> _pipeline;

    public ApiFootballClient(HttpClient http, ApiFootballOptions options, ILogger<ApiFootballClient> logger,
        TimeProvider time, IApiTrafficObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _http = http;
        _options = options;
        _logger = logger;
        _time = time;
        _observer = observer;
        var b = options.BaseUrl.AbsoluteUri;
        _base = new Uri(b.EndsWith('/') ? b : b + "/");
        _pipeline = BuildPipeline();
    }

    /// <summary>State of the circuit breaker. Reports <see cref="CircuitStatus.HalfOpen"/> once the break has elapsed and the next call may probe.</summary>
    public CircuitStatus Circuit => _pipeline.Circuit switch
    {
        CircuitState.Closed => CircuitStatus.Closed,
        CircuitState.HalfOpen => CircuitStatus.HalfOpen,
        _ => CircuitStatus.Open,
    };

    /// <summary><c>GET fixtures?date=YYYY-MM-DD</c>: every fixture of that (UTC) day; no events.</summary>
    public Task<ApiCallResult<IReadOnlyList<FixtureSnapshot>>> GetFixturesByDateAsync(DateOnly date, CancellationToken ct)
    {
        var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return CallAsync(new Call(ApiRequestKind.FixturesByDate, date, null, "fixtures?date=" + text), ct);
    }

    /// <summary><c>GET fixtures?ids=a-b-c</c>: the fixtures asked for, with their events. Callers chunk to <see cref="ApiFootballOptions.MaxIdsPerCall"/>.</summary>
    public Task<ApiCallResult<IReadOnlyList<FixtureSnapshot>>> GetFixturesByIdsAsync(IReadOnlyList<FixtureId> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) throw new ArgumentException("At least one fixture id is required", nameof(ids));
        if (ids.Count > _options.MaxIdsPerCall)
            throw new ArgumentException($"{ids.Count} fixture ids asked in one call; at most {_options.MaxIdsPerCall} allowed (ApiFootball:MaxIdsPerCall): chunk them", nameof(ids));
        var copy = ids.ToArray();
        var query = "fixtures?ids=" + string.Join("-", copy.Select(i => i.Value.ToString(CultureInfo.InvariantCulture)));
        return CallAsync(new Call(ApiRequestKind.FixturesByIds, null, copy, query), ct);
    }

    private async Task<ApiCallResult<IReadOnlyList<FixtureSnapshot>>> CallAsync(Call call, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Attempt outcome;
        try
        {
            outcome = await _pipeline.ExecuteAsync(
                static (state, token) => state.Client.AttemptAsync(state.Call, token),
                (Client: this, Call: call), ct).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            if (call.Attempts > 0)
            {
                // The circuit opened during this call's retries: report what the last attempt actually met
                // (an attempt without a remembered result ended in the per-attempt timeout).
                outcome = call.Last is { } last && call.LastNumber == call.Attempts
                    ? last
                    : Attempt.Failed(new ApiFailure(ApiFailureKind.Timeout,
                        $"no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s", null), transient: true, call.LastRateLimit);
            }
            else
            {
                _logger.LogDebug("API-Football {Request} not sent: circuit open after repeated failures", call.Query);
                return Fail(new ApiFailure(ApiFailureKind.CircuitOpen, "circuit open after repeated API-Football failures; no request sent", null), call);
            }
        }
        catch (TimeoutRejectedException)
        {
            outcome = Attempt.Failed(new ApiFailure(ApiFailureKind.Timeout,
                $"no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s", null), transient: true, call.LastRateLimit);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }

        if (outcome.Failure is { } failure)
        {
            _logger.LogInformation("API-Football {Request} failed after {Attempts} attempt(s): {Kind}: {Message}",
                call.Query, call.Attempts, failure.Kind, failure.Message);
            return new ApiCallResult<IReadOnlyList<FixtureSnapshot>>(null, failure, outcome.RateLimit);
        }
        return new ApiCallResult<IReadOnlyList<FixtureSnapshot>>(outcome.Value, null, outcome.RateLimit);
    }

    private static ApiCallResult<IReadOnlyList<FixtureSnapshot>> Fail(ApiFailure failure, Call call) =>
        new(null, failure, call.LastRateLimit);

    private async ValueTask<Attempt> AttemptAsync(Call call, CancellationToken token)
    {
        call.Attempts++;
        var uri = new Uri(_base, call.Query);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_options.ApiKey.Length > 0) request.Headers.TryAddWithoutValidation(KeyHeader, _options.ApiKey);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.Network, Describe(e), null), transient: true, call.LastRateLimit));
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // HttpClient.Timeout fired (not ours, not the caller's).
            return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.Timeout, "HttpClient timeout", null), transient: true, call.LastRateLimit));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var rateLimit = ReadRateLimit(response);
            call.LastRateLimit = rateLimit;

            var declared = response.Content.Headers.ContentLength;
            if (declared > _options.MaxResponseBytes)
                return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.TooLarge,
                    $"response declares {declared} bytes; cap is {_options.MaxResponseBytes}", status), transient: false, rateLimit));

            byte[]? body;
            try
            {
                body = await ReadCappedAsync(response.Content, _options.MaxResponseBytes, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.Network, "body cut short: " + Describe(e), status), transient: true, rateLimit));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.Timeout, "HttpClient timeout while reading the body", status), transient: true, rateLimit));
            }
            if (body is null)
                return call.Remember(Attempt.Failed(new ApiFailure(ApiFailureKind.TooLarge,
                    $"response body exceeds the cap of {_options.MaxResponseBytes} bytes", status), transient: false, rateLimit));

            var text = Encoding.UTF8.GetString(body);
            Notify(call, status, text);
            return call.Remember(Interpret(call, status, response, body, text, rateLimit));
        }
    }

    private Attempt Interpret(Call call, int status, HttpResponseMessage response, byte[] body, string text, RateLimitInfo rateLimit)
    {
        if (status == 429)
        {
            var retryAfter = ReadRetryAfter(response);
            var msg = "HTTP 429 Too Many Requests" + (retryAfter is { } ra ? $" (Retry-After {ra.TotalSeconds:0.###} s)" : "");
            return Attempt.Failed(new ApiFailure(ApiFailureKind.RateLimited, msg, status), transient: true, rateLimit, retryAfter);
        }
        if (status >= 500)
            return Attempt.Failed(new ApiFailure(ApiFailureKind.Http, $"HTTP {status} {response.ReasonPhrase}: {Excerpt(text)}", status), transient: true, rateLimit);
        if (status is < 200 or > 299)
            return Attempt.Failed(new ApiFailure(ApiFailureKind.Http, $"HTTP {status} {response.ReasonPhrase}: {Excerpt(text)}", status), transient: false, rateLimit);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException e)
        {
            return Attempt.Failed(new ApiFailure(ApiFailureKind.Malformed, $"body is not JSON ({e.Message}): {Excerpt(text, 80)}", status), transient: false, rateLimit);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Attempt.Failed(new ApiFailure(ApiFailureKind.Malformed, $"body is a JSON {root.ValueKind}, not an envelope object", status), transient: false, rateLimit);
            if (FixtureJson.DescribeErrors(root) is { } errors)
                return Attempt.Failed(new ApiFailure(ApiFailureKind.ErrorEnvelope, Redact(errors), status), transient: false, rateLimit, breaker: true);
            if (!root.TryGetProperty("response", out var items) || items.ValueKind != JsonValueKind.Array)
                return Attempt.Failed(new ApiFailure(ApiFailureKind.Malformed, "envelope has no response array", status), transient: false, rateLimit);

            var snapshots = new List<FixtureSnapshot>(items.GetArrayLength());
            var eventWarnings = new List<string>();
            foreach (var item in items.EnumerateArray())
            {
                eventWarnings.Clear();
                var snapshot = FixtureJson.TryMapFixture(item, eventWarnings, out var id, out var reason);
                if (snapshot is null)
                {
                    _logger.LogWarning("API-Football {Request}: skipped fixture {FixtureId}: {Reason}", call.Query, id, reason);
                    continue;
                }
                foreach (var w in eventWarnings)
                    _logger.LogWarning("API-Football {Request}: fixture {FixtureId}: {Reason}", call.Query, id, w);
                snapshots.Add(snapshot);
            }
            return Attempt.Ok(snapshots, rateLimit);
        }
    }

    private string Excerpt(string body, int max = 200) => FixtureJson.Excerpt(Redact(body), max);

    /// <summary>Upstream text goes into failures and logs: an error page or envelope that echoes the key must not leak it.</summary>
    private string Redact(string text) =>
        _options.ApiKey.Length == 0 ? text : text.Replace(_options.ApiKey, "[redacted]", StringComparison.Ordinal);

    private void Notify(Call call, int status, string body)
    {
        if (_observer is null) return;
        try
        {
            _observer.OnResponse(new ApiTraffic(call.Kind, call.Date, call.Ids, status, body, _time.GetUtcNow()));
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "API traffic observer failed on {Request}", call.Query);
        }
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int cap, CancellationToken token)
    {
        await using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, token).ConfigureAwait(false);
            if (n == 0) break;
            if (buffer.Length + n > cap) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (!parts.Contains(x.Message)) parts.Add(x.Message);
        return string.Join(" -> ", parts);
    }

    private static RateLimitInfo ReadRateLimit(HttpResponseMessage response)
    {
        int? H(string name) =>
            response.Headers.TryGetValues(name, out var values)
            && int.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : null;
        var info = new RateLimitInfo(H("x-ratelimit-requests-limit"), H("x-ratelimit-requests-remaining"),
            H("X-RateLimit-Limit"), H("X-RateLimit-Remaining"));
        return info == RateLimitInfo.None ? RateLimitInfo.None : info;
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h is null) return null;
        TimeSpan? wait = h.Delta ?? (h.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private ResilientPipeline<Attempt> BuildPipeline()
    {
        var o = _options;
        return new ResilientPipeline<Attempt>(new ResilienceSettings
        {
            Name = "api-football",
            AttemptTimeout = o.RequestTimeout,
            MaxRetries = o.MaxRetries,
            RetryBaseDelay = o.RetryBaseDelay,
            RetryMaxDelay = TimeSpan.FromSeconds(Math.Max(30, o.RetryBaseDelay.TotalSeconds)),
            RetryAfterCap = o.RetryAfterCap,
            FailureRatio = o.CircuitFailureRatio,
            MinimumThroughput = o.CircuitMinimumThroughput,
            SamplingDuration = o.CircuitSamplingDuration,
            BreakDuration = o.CircuitBreakDuration,
            RetryLogLevel = LogLevel.Information,
        }, new ResilienceRules<Attempt>
        {
            ShouldRetry = IsTransient,
            CountsAgainstCircuit = outcome => IsTransient(outcome) || outcome.Result?.CountsForBreaker == true,
            RetryAfter = attempt => attempt.RetryAfter,
            Describe = Describe,
        }, _logger, _time);
    }

    private static bool IsTransient(Outcome<Attempt> outcome) =>
        outcome.Exception is TimeoutRejectedException
        || outcome.Result?.Transient == true;

    private static string Describe(Outcome<Attempt> outcome) =>
        outcome.Exception is { } e
            ? $"{(e is TimeoutRejectedException ? nameof(ApiFailureKind.Timeout) : e.GetType().Name)}: {e.Message}"
            : $"{outcome.Result?.Failure?.Kind.ToString() ?? "Ok"}: {outcome.Result?.Failure?.Message ?? ""}";

    /// <summary>What one logical call is, plus what its attempts saw so far.</summary>
    private sealed class Call(ApiRequestKind kind, DateOnly? date, IReadOnlyList<FixtureId>? ids, string query)
    {
        public ApiRequestKind Kind { get; } = kind;
        public DateOnly? Date { get; } = date;
        public IReadOnlyList<FixtureId>? Ids { get; } = ids;
        public string Query { get; } = query;
        public int Attempts { get; set; }
        public RateLimitInfo LastRateLimit { get; set; } = RateLimitInfo.None;
        public Attempt? Last { get; private set; }
        public int LastNumber { get; private set; }

        public Attempt Remember(Attempt a)
        {
            Last = a;
            LastNumber = Attempts;
            return a;
        }
    }

    /// <summary>The result of one HTTP attempt, interpreted.</summary>
    private sealed class Attempt
    {
        public IReadOnlyList<FixtureSnapshot>? Value { get; private init; }
        public ApiFailure? Failure { get; private init; }
        public bool Transient { get; private init; }
        public bool CountsForBreaker { get; private init; }
        public TimeSpan? RetryAfter { get; private init; }
        public RateLimitInfo RateLimit { get; private init; } = RateLimitInfo.None;

        public static Attempt Ok(IReadOnlyList<FixtureSnapshot> value, RateLimitInfo rateLimit) =>
            new() { Value = value, RateLimit = rateLimit };

        public static Attempt Failed(ApiFailure failure, bool transient, RateLimitInfo rateLimit, TimeSpan? retryAfter = null, bool breaker = false) =>
            new() { Failure = failure, Transient = transient, CountsForBreaker = transient || breaker, RetryAfter = retryAfter, RateLimit = rateLimit };
    }
}
