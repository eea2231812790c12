using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Footy.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Footy.Discovery;

/// <summary>The result of one logical GET (all its attempts).</summary>
internal sealed record FetchOutcome(byte[]? Body, int? Status, SourceFailure? Failure, bool Transient = false, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Failure is null && Body is not null;

    public static FetchOutcome Fail(SourceFailureKind kind, string message, int? status, bool transient, TimeSpan? retryAfter = null) =>
        new(null, status, new SourceFailure(kind, message, status), transient, retryAfter);
}

/// <summary>
/// GET with one Polly pipeline: retry (exponential backoff + jitter; 5xx, 429 honouring a capped <c>Retry-After</c>,
/// timeouts, network errors) around a circuit breaker (same failures) around a per-attempt timeout; the body is read
/// with a hard size cap. Never throws for upstream trouble; throws <see cref="OperationCanceledException"/> only when
/// the caller's token is cancelled.
/// </summary>
internal sealed class ResilientFetcher
{
    private readonly HttpClient _http;
    private readonly HttpSourceOptions _options;
    private readonly string _name;
    private readonly string? _secret;
    private readonly ResilientPipeline<FetchOutcome> _pipeline;

    /// <param name="secret">A credential this source sends (a bearer token): masked wherever an answer's text is quoted.</param>
    public ResilientFetcher(HttpClient http, HttpSourceOptions options, string name, ILogger logger, TimeProvider time, string? secret = null)
    {
        _http = http;
        _options = options;
        _name = name;
        _secret = string.IsNullOrEmpty(secret) ? null : secret;

        _pipeline = new ResilientPipeline<FetchOutcome>(new ResilienceSettings
        {
            Name = name,
            AttemptTimeout = options.RequestTimeout,
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            RetryMaxDelay = TimeSpan.FromSeconds(Math.Max(options.RetryAfterCap.TotalSeconds, options.RetryBaseDelay.TotalSeconds)),
            RetryAfterCap = options.RetryAfterCap,
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
        }, new ResilienceRules<FetchOutcome>
        {
            ShouldRetry = o => o.Exception is TimeoutRejectedException or HttpRequestException or IOException || o.Result is { Transient: true },
            RetryAfter = outcome => outcome.RetryAfter,
            Describe = o => o.Result?.Failure?.ToString() ?? o.Exception?.GetType().Name ?? "no failure",
        }, logger, time);
    }

    /// <summary>GETs <paramref name="uri"/>; <paramref name="prepare"/> may add headers.</summary>
    public async Task<FetchOutcome> GetAsync(Uri uri, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, token) => state.Self.AttemptAsync(state.Uri, state.Prepare, token),
                (Self: this, Uri: uri, Prepare: prepare), ct).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return FetchOutcome.Fail(SourceFailureKind.CircuitOpen, $"{_name}: circuit open after repeated failures; no request sent", null, false);
        }
        catch (TimeoutRejectedException)
        {
            return FetchOutcome.Fail(SourceFailureKind.Timeout, $"no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s", null, true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return FetchOutcome.Fail(SourceFailureKind.Network, Describe(e), null, true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
    }

    private async ValueTask<FetchOutcome> AttemptAsync(Uri uri, Action<HttpRequestMessage>? prepare, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        prepare?.Invoke(request);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return FetchOutcome.Fail(SourceFailureKind.Network, Describe(e), null, true);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return FetchOutcome.Fail(SourceFailureKind.Timeout, "HttpClient timeout", null, true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var declared = response.Content.Headers.ContentLength;
            if (declared > _options.MaxResponseBytes)
                return FetchOutcome.Fail(SourceFailureKind.TooLarge, $"response declares {declared} bytes; cap is {_options.MaxResponseBytes}", status, false);

            byte[]? body;
            try
            {
                body = await ReadCappedAsync(response.Content, _options.MaxResponseBytes, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return FetchOutcome.Fail(SourceFailureKind.Network, "body cut short: " + Describe(e), status, true);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return FetchOutcome.Fail(SourceFailureKind.Timeout, "HttpClient timeout while reading the body", status, true);
            }
            if (body is null)
                return FetchOutcome.Fail(SourceFailureKind.TooLarge, $"response body exceeds the cap of {_options.MaxResponseBytes} bytes", status, false);

            if (status is >= 200 and <= 299) return new FetchOutcome(body, status, null);
            var excerpt = Excerpt(body, _secret);
            var retryAfter = ReadRetryAfter(response);
            return status switch
            {
                429 => FetchOutcome.Fail(SourceFailureKind.RateLimited, "HTTP 429 Too Many Requests" + (retryAfter is { } ra ? $" (Retry-After {ra.TotalSeconds:0.###} s)" : "") + excerpt, status, true, retryAfter),
                >= 500 => FetchOutcome.Fail(SourceFailureKind.Http, $"HTTP {status} {response.ReasonPhrase}{excerpt}", status, true, retryAfter),
                401 or 403 => FetchOutcome.Fail(SourceFailureKind.Unauthorized, $"HTTP {status} {response.ReasonPhrase}{excerpt}", status, false),
                404 or 410 => FetchOutcome.Fail(SourceFailureKind.NotFound, $"HTTP {status} {response.ReasonPhrase}{excerpt}", status, false),
                _ => FetchOutcome.Fail(SourceFailureKind.Http, $"HTTP {status} {response.ReasonPhrase}{excerpt}", status, false),
            };
        }
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes; null when the body is longer.</summary>
    internal static async Task<byte[]?> ReadCappedAsync(HttpContent content, int cap, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n == 0) break;
            if (ms.Length + n > cap) return null;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    internal static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra is null)
        {
            // Some servers send a malformed value the typed parser rejects; try the raw text as seconds.
            if (response.Headers.TryGetValues("Retry-After", out var raw)
                && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && secs >= 0 && secs < 86400)
                return TimeSpan.FromSeconds(secs);
            return null;
        }
        if (ra.Delta is { } d) return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        if (ra.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>": " and the start of <paramref name="body"/> for failure messages (empty for an empty body), <paramref name="secret"/> masked.</summary>
    internal static string Excerpt(byte[] body, string? secret = null)
    {
        const int shown = 200;
        if (body.Length == 0) return "";
        // Decode past the cut so a secret straddling it is masked whole, not shown in part.
        var window = shown + (string.IsNullOrEmpty(secret) ? 0 : System.Text.Encoding.UTF8.GetMaxByteCount(secret.Length));
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, window));
        if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        if (text.Length > shown) text = text[..shown];
        text = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return text.Length == 0 ? "" : ": " + text;
    }

    internal static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return ReferenceEquals(inner, e) ? e.Message : $"{e.Message} ({inner.Message})";
    }
}
