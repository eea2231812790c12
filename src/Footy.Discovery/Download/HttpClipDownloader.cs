using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Footy.Resilience;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Footy.Discovery;

/// <summary>
/// Downloads <see cref="DiscoveredClip.VideoUrl"/> over HTTP(S), streamed to disk:
/// <list type="bullet">
/// <item>hard size cap (declared Content-Length checked first; reading stops as soon as the body passes the cap);</item>
/// <item>connect timeout, idle timeout (headers and each read), overall timeout (redirects and retries included);</item>
/// <item>Content-Type must be <c>video/*</c>, <c>application/octet-stream</c>, <c>binary/octet-stream</c>, <c>application/mp4</c> or
/// absent, AND the first bytes must be a known video container (<see cref="VideoSniffer"/>);</item>
/// <item>MD5 computed while streaming; the file is written to <c>target.part</c> and moved into place when complete;</item>
/// <item>retries with exponential backoff only where a retry can help (5xx, 408, 429 honouring a capped <c>Retry-After</c>,
/// network errors, idle timeouts); a circuit breaker per host;</item>
/// <item>redirects followed by hand (at most <see cref="DownloadOptions.MaxRedirects"/>, loops detected), each hop checked:
/// only http/https, and the address actually connected to (after DNS, in the socket connect callback) must pass the
/// <see cref="AddressGuard"/> unless allow-listed. No proxy is used (a proxy would bypass the guard).</item>
/// </list>
/// Thread-safe; dispose to release the connection pool.
/// </summary>
public sealed class HttpClipDownloader : IClipDownloader, IDisposable
{
    private const int MaxCircuitHosts = 1024;
    private static readonly string[] AllowedTypes = ["application/octet-stream", "binary/octet-stream", "application/mp4"];

    private readonly DownloadOptions _options;
    private readonly ILogger<HttpClipDownloader> _logger;
    private readonly TimeProvider _time;
    private readonly AddressGuard _guard;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, ResilientPipeline<Attempt>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public HttpClipDownloader(DownloadOptions options, ILogger<HttpClipDownloader> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _guard = AddressGuard.Create(options.AllowedHosts);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64,
            MaxConnectionsPerServer = 16,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.VideoUrl is null)
            return Task.FromResult<DownloadOutcome>(new DownloadOutcome.Failure(DownloadFailureKind.Unsupported, $"post {clip.PostId} has no video URL"));
        return DownloadAsync(clip.VideoUrl, targetFile, ct);
    }

    public async Task<DownloadOutcome> DownloadAsync(Uri url, string targetFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFile);
        ct.ThrowIfCancellationRequested();
        var early = url.IsAbsoluteUri ? PreCheck(url) : "URL is not absolute";
        if (early is not null)
        {
            var refused = new DownloadOutcome.Failure(DownloadFailureKind.Refused, early);
            _logger.LogInformation("Download of {Url} refused: {Reason}", Safe(url), refused.Reason);
            return refused;
        }

        var target = Path.GetFullPath(targetFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        overall.CancelAfter(_options.OverallTimeout);
        DownloadOutcome outcome;
        try
        {
            var pipeline = PipelineFor(url.Host);
            var attempt = await pipeline.ExecuteAsync(
                static (s, token) => s.Self.AttemptAsync(s.Url, s.Target, s.Overall, token),
                (Self: this, Url: url, Target: target, Overall: overall.Token), overall.Token).ConfigureAwait(false);
            outcome = attempt.Outcome;
        }
        catch (BrokenCircuitException)
        {
            outcome = new DownloadOutcome.Failure(DownloadFailureKind.CircuitOpen, $"circuit open for host {url.Host} after repeated failures; nothing sent");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            outcome = new DownloadOutcome.Failure(DownloadFailureKind.Timeout, $"download did not finish within {_options.OverallTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            if (ct.IsCancellationRequested) Cleanup(target, includeTarget: true);
        }

        if (outcome is DownloadOutcome.Failure f)
        {
            Cleanup(target, includeTarget: true);
            _logger.LogInformation("Download of {Url} failed: {Failure}", Safe(url), f);
        }
        else if (outcome is DownloadOutcome.Success s)
        {
            _logger.LogDebug("Downloaded {Url}: {Bytes} bytes, md5 {Md5}", Safe(url), s.Bytes, s.Md5);
        }
        return outcome;
    }

    private ResilientPipeline<Attempt> PipelineFor(string host)
    {
        if (_pipelines.Count > MaxCircuitHosts) _pipelines.Clear();
        return _pipelines.GetOrAdd(host, _ => new ResilientPipeline<Attempt>(new ResilienceSettings
        {
            Name = "clip downloads",
            Target = host,
            MaxRetries = _options.MaxRetries,
            RetryBaseDelay = _options.RetryBaseDelay,
            RetryAfterCap = _options.RetryAfterCap,
            FailureRatio = _options.CircuitFailureRatio,
            MinimumThroughput = _options.CircuitMinimumThroughput,
            SamplingDuration = _options.CircuitSamplingDuration,
            BreakDuration = _options.CircuitBreakDuration,
        }, new ResilienceRules<Attempt>
        {
            ShouldRetry = outcome => outcome.Result is { Transient: true },
            RetryAfter = attempt => attempt.RetryAfter,
            Describe = outcome => outcome.Result?.Outcome.ToString() ?? outcome.Exception?.GetType().Name ?? "no outcome",
        }, _logger, _time));
    }

    private async ValueTask<Attempt> AttemptAsync(Uri start, string target, CancellationToken overall, CancellationToken token)
    {
        var url = start;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var hop = 0; ; hop++)
        {
            if (PreCheck(url) is { } why) return Final(DownloadFailureKind.Refused, why);
            if (!visited.Add(url.AbsoluteUri)) return Final(DownloadFailureKind.TooManyRedirects, $"redirect loop back to {Safe(url)}");
            if (hop > _options.MaxRedirects) return Final(DownloadFailureKind.TooManyRedirects, $"more than {_options.MaxRedirects} redirects");

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.Accept.ParseAdd("video/*, application/octet-stream;q=0.9, */*;q=0.5");
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

            HttpResponseMessage response;
            try
            {
                idle.CancelAfter(_options.IdleTimeout);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
            {
                return Final(DownloadFailureKind.Refused, refusal.Message);
            }
            catch (HttpRequestException e)
            {
                return Transient(DownloadFailureKind.Network, ResilientFetcher.Describe(e));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                return Transient(DownloadFailureKind.Timeout, $"no response headers within {_options.IdleTimeout.TotalSeconds:0.###} s");
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    var location = response.Headers.Location;
                    if (location is null) return Final(DownloadFailureKind.HttpError, $"HTTP {status} without Location", status);
                    if (!location.IsAbsoluteUri) location = new Uri(url, location);
                    _logger.LogDebug("Download redirect {Status} {From} -> {To}", status, Safe(url), Safe(location));
                    url = location;
                    continue;
                }
                switch (status)
                {
                    case 404 or 410:
                        return Final(DownloadFailureKind.NotFound, $"HTTP {status} {response.ReasonPhrase}", status);
                    case 401 or 403 or 451:
                        return Final(DownloadFailureKind.Forbidden, $"HTTP {status} {response.ReasonPhrase} (geo-blocked or login required)", status);
                    case 429:
                    {
                        var ra = ResilientFetcher.ReadRetryAfter(response);
                        return new Attempt(new DownloadOutcome.Failure(DownloadFailureKind.RateLimited,
                            "HTTP 429 Too Many Requests" + (ra is { } r ? $" (Retry-After {r.TotalSeconds:0.###} s)" : ""), status), true, ra);
                    }
                    case 408:
                        return Transient(DownloadFailureKind.Timeout, "HTTP 408 Request Timeout", status);
                    case >= 500:
                        return new Attempt(new DownloadOutcome.Failure(DownloadFailureKind.HttpError, $"HTTP {status} {response.ReasonPhrase}", status),
                            true, ResilientFetcher.ReadRetryAfter(response));
                    case < 200 or > 299:
                        return Final(DownloadFailureKind.HttpError, $"HTTP {status} {response.ReasonPhrase}", status);
                }

                var declaredType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
                if (declaredType is not null && !declaredType.StartsWith("video/", StringComparison.Ordinal) && !AllowedTypes.Contains(declaredType))
                {
                    var hls = declaredType.Contains("mpegurl", StringComparison.Ordinal);
                    return Final(DownloadFailureKind.NotAVideo, hls ? $"HLS playlist ({declaredType}); needs yt-dlp" : $"Content-Type {declaredType} is not a video", status);
                }
                if (declaredType is not null && declaredType.Contains("mpegurl", StringComparison.Ordinal))
                    return Final(DownloadFailureKind.NotAVideo, $"HLS playlist ({declaredType}); needs yt-dlp", status);
                if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxBytes)
                    return Final(DownloadFailureKind.TooLarge, $"Content-Length {declared} exceeds the cap of {_options.MaxBytes} bytes", status);

                return await StreamBodyAsync(response, url, declaredType, target, idle, token).ConfigureAwait(false);
            }
        }
    }

    private async Task<Attempt> StreamBodyAsync(HttpResponseMessage response, Uri url, string? declaredType, string target,
        CancellationTokenSource idle, CancellationToken token)
    {
        var status = (int)response.StatusCode;
        var part = target + ".part";
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        var head = new byte[VideoSniffer.HeaderBytes];
        var headLength = 0;
        string? sniffed = null;
        long total = 0;
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                Stream body;
                try
                {
                    idle.CancelAfter(_options.IdleTimeout);
                    body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    return Transient(DownloadFailureKind.Network, "body unreadable: " + ResilientFetcher.Describe(e), status);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    return Transient(DownloadFailureKind.Timeout, $"no body data within {_options.IdleTimeout.TotalSeconds:0.###} s", status);
                }

                await using (body)
                {
                    while (true)
                    {
                        int n;
                        try
                        {
                            idle.CancelAfter(_options.IdleTimeout);
                            n = await body.ReadAsync(buffer.AsMemory(0, buffer.Length), idle.Token).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException)
                        {
                            return Transient(DownloadFailureKind.Network, $"body cut short after {total} bytes: " + ResilientFetcher.Describe(e), status);
                        }
                        catch (OperationCanceledException) when (!token.IsCancellationRequested)
                        {
                            return Transient(DownloadFailureKind.Timeout, $"no body data for {_options.IdleTimeout.TotalSeconds:0.###} s after {total} bytes", status);
                        }
                        if (n == 0) break;
                        total += n;
                        if (total > _options.MaxBytes)
                            return Final(DownloadFailureKind.TooLarge, $"body exceeds the cap of {_options.MaxBytes} bytes; reading stopped", status);

                        if (headLength < head.Length)
                        {
                            var take = Math.Min(n, head.Length - headLength);
                            Array.Copy(buffer, 0, head, headLength, take);
                            headLength += take;
                            if (headLength == head.Length)
                            {
                                sniffed = VideoSniffer.Detect(head);
                                if (sniffed is null) return Final(DownloadFailureKind.NotAVideo, NotAVideoReason(head, headLength, declaredType), status);
                            }
                        }
                        md5.AppendData(buffer, 0, n);
                        await file.WriteAsync(buffer.AsMemory(0, n), token).ConfigureAwait(false);
                    }
                }
                if (headLength < head.Length)
                {
                    sniffed = headLength == 0 ? null : VideoSniffer.Detect(head.AsSpan(0, headLength));
                    if (sniffed is null) return Final(DownloadFailureKind.NotAVideo, headLength == 0 ? "empty body" : NotAVideoReason(head, headLength, declaredType), status);
                }
                await file.FlushAsync(token).ConfigureAwait(false);
            }
            File.Move(part, target, overwrite: true);
            var contentType = declaredType is not null && declaredType.StartsWith("video/", StringComparison.Ordinal) ? declaredType : sniffed!;
            var hash = Convert.ToHexStringLower(md5.GetHashAndReset());
            return new Attempt(new DownloadOutcome.Success(target, total, hash, contentType, url), false, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            TryDelete(part);
        }
    }

    private static string NotAVideoReason(byte[] head, int length, string? declaredType)
    {
        var text = System.Text.Encoding.UTF8.GetString(head, 0, Math.Min(length, 40));
        text = new string(text.Select(c => char.IsControl(c) || c == '\uFFFD' ? '.' : c).ToArray());
        return $"body does not start like a video container (Content-Type {declaredType ?? "absent"}; starts with \"{text}\")";
    }

    /// <summary>Scheme and literal-address checks done before each hop (host names are checked after DNS, at connect).</summary>
    private string? PreCheck(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return $"scheme '{url.Scheme}' is not http or https";
        if (string.IsNullOrEmpty(url.Host)) return "URL has no host";
        if (_guard.IsHostAllowListed(url.Host)) return null;
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && _guard.Refusal(literal) is { } why) return "address refused: " + why;
        return null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var port = context.DnsEndPoint.Port;
        var allowHost = _guard.IsHostAllowListed(host);
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var usable = allowHost ? addresses : addresses.Where(a => _guard.Refusal(a) is null).ToArray();
        if (usable.Length == 0)
        {
            var reasons = string.Join(", ", addresses.Select(a => _guard.Refusal(a) ?? a.ToString()).Distinct().Take(4));
            throw new AddressRefusedException(addresses.Length == 0 ? $"{host} resolves to no address" : $"address refused for {host}: {reasons}");
        }

        Exception? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address;
                if (!allowHost && (remote is null || _guard.Refusal(remote) is not null))
                    throw new AddressRefusedException($"address refused for {host}: connected to {_guard.Refusal(remote ?? IPAddress.None) ?? "unknown address"}");
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }

    private static AddressRefusedException? FindRefusal(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is AddressRefusedException r) return r;
        return null;
    }

    private static Attempt Final(DownloadFailureKind kind, string reason, int? status = null) =>
        new(new DownloadOutcome.Failure(kind, reason, status), false, null);

    private static Attempt Transient(DownloadFailureKind kind, string reason, int? status = null) =>
        new(new DownloadOutcome.Failure(kind, reason, status), true, null);

    private static void Cleanup(string target, bool includeTarget)
    {
        TryDelete(target + ".part");
        if (includeTarget) TryDelete(target);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>URL for logs and reasons: no user info nor query string (credentials, signed CDN tokens).</summary>
    internal static string Safe(Uri url) =>
        url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";

    public void Dispose() => _http.Dispose();

    private sealed record Attempt(DownloadOutcome Outcome, bool Transient, TimeSpan? RetryAfter);
}
