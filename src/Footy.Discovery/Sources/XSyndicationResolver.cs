using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Footy.Discovery;

/// <summary>Settings of <see cref="XSyndicationResolver"/> (configuration section <c>Discovery:XSyndication</c>).</summary>
public sealed class XSyndicationOptions : HttpSourceOptions
{
    public XSyndicationOptions()
    {
        RequestTimeout = TimeSpan.FromSeconds(10);
        OverallTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Root of the syndication CDN; <c>tweet-result?id=..&amp;token=..</c> is resolved against it.</summary>
    public Uri BaseUrl { get; set; } = new("https://cdn.syndication.twimg.com/");

    /// <summary>Value of the <c>token</c> parameter (the endpoint accepts any non-empty value today).</summary>
    public string Token { get; set; } = "x";

    /// <summary>Largest estimated video (bitrate × duration) accepted; keep it equal to <see cref="DownloadOptions.MaxBytes"/>.</summary>
    public long MaxVideoBytes { get; set; } = 100L * 1024 * 1024;

    public override void Validate(string section = "Discovery:XSyndication")
    {
        base.Validate(section);
        CheckBaseUrl(section, "BaseUrl", BaseUrl, required: true);
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > 200 || Token.Any(char.IsControl)) Fail(section, "Token must be a short non-empty string");
        if (MaxVideoBytes < 1024) Fail(section, "MaxVideoBytes must be at least 1024");
    }
}

/// <summary>The mp4 variant chosen for a tweet. <see cref="EstimatedBytes"/> is bitrate × duration / 8 (null when either is unknown).</summary>
public sealed record TweetVideo(Uri Url, string ContentType, long Bitrate, int? DurationMillis, long? EstimatedBytes, int? Width, int? Height);

public enum TweetVideoFailureKind
{
    /// <summary>The id is not a tweet id (digits only).</summary>
    InvalidId,
    /// <summary>No such tweet (HTTP 404, an empty object, or <c>TweetUnavailable</c> for a deleted tweet).</summary>
    NotFound,
    /// <summary>The tweet exists but has no video (photo, text or GIF only, or an HLS playlist without mp4).</summary>
    NoVideo,
    /// <summary>The tweet or its media cannot be viewed: HTTP 401/403, a tombstone (protected, age-restricted, suspended), or media withheld.</summary>
    Blocked,
    /// <summary>Every mp4 variant's estimated size exceeds <see cref="XSyndicationOptions.MaxVideoBytes"/>.</summary>
    TooLarge,
    /// <summary>The endpoint itself could not be used: rate limited, timeout, network, malformed answer, body over cap, circuit open.</summary>
    Unavailable,
}

/// <summary>The chosen video, or why there is none. For <see cref="TweetVideoFailureKind.Unavailable"/>, <see cref="SourceFailure"/> tells the transport failure.</summary>
public sealed record TweetVideoResult(TweetVideo? Video, TweetVideoFailureKind? FailureKind, string? Reason, SourceFailure? SourceFailure = null)
{
    public bool Succeeded => Video is not null;

    public static TweetVideoResult Ok(TweetVideo video) => new(video, null, null);

    public static TweetVideoResult Fail(TweetVideoFailureKind kind, string reason, SourceFailure? sourceFailure = null) => new(null, kind, reason, sourceFailure);
}

/// <summary>
/// Resolves a tweet id to its best downloadable mp4 without logging in: <c>GET {base}/tweet-result?id=ID&amp;token=x</c>,
/// then <c>mediaDetails[type=video].video_info.variants[]</c>: the <c>video/mp4</c> variant with the highest bitrate
/// whose estimated size (bitrate × <c>duration_millis</c>) fits <see cref="XSyndicationOptions.MaxVideoBytes"/>.
/// Timeouts, retries with backoff and a circuit breaker as every HTTP source. Thread-safe.
/// </summary>
public sealed partial class XSyndicationResolver
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly XSyndicationOptions _options;
    private readonly ILogger<XSyndicationResolver> _logger;
    private readonly ResilientFetcher _fetcher;
    private readonly Uri _base;

    public XSyndicationResolver(HttpClient http, XSyndicationOptions options, ILogger<XSyndicationResolver> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _logger = logger;
        var b = options.BaseUrl.AbsoluteUri;
        _base = new Uri(b.EndsWith('/') ? b : b + "/");
        _fetcher = new ResilientFetcher(http, options, "X syndication", logger, time ?? TimeProvider.System);
    }

    /// <summary>
    /// The tweet id of an x.com / twitter.com status URL (<c>https://x.com/user/status/123</c>, <c>/i/web/status/123</c>,
    /// mobile. and www. hosts, <c>/video/1</c> suffixes), or of a bare numeric post id.
    /// </summary>
    public static bool TryGetTweetId(DiscoveredClip clip, out string id)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (TryGetTweetId(clip.PageUrl, out id)) return true;
        if (TryGetTweetId(clip.VideoUrl, out id)) return true;
        if (TweetIdPattern().IsMatch(clip.PostId) && (clip.PageUrl is null || IsXHost(clip.PageUrl.Host)))
        {
            id = clip.PostId;
            return true;
        }
        id = "";
        return false;
    }

    public static bool TryGetTweetId(Uri? url, out string id)
    {
        id = "";
        if (url is null || !url.IsAbsoluteUri || !IsXHost(url.Host)) return false;
        var m = StatusPath().Match(url.AbsolutePath);
        if (!m.Success) return false;
        id = m.Groups["id"].Value;
        return true;
    }

    private static bool IsXHost(string host)
    {
        host = host.ToLowerInvariant();
        foreach (var h in new[] { "x.com", "twitter.com", "fxtwitter.com", "vxtwitter.com", "fixupx.com" })
            if (host == h || host.EndsWith("." + h, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Resolves <paramref name="clip"/> when it is a tweet (see <see cref="TryGetTweetId(DiscoveredClip, out string)"/>); <see cref="TweetVideoFailureKind.InvalidId"/> otherwise.</summary>
    public Task<TweetVideoResult> ResolveAsync(DiscoveredClip clip, CancellationToken ct) =>
        TryGetTweetId(clip, out var id)
            ? ResolveAsync(id, ct)
            : Task.FromResult(TweetVideoResult.Fail(TweetVideoFailureKind.InvalidId, $"post {clip.PostId} is not a tweet"));

    public async Task<TweetVideoResult> ResolveAsync(string tweetId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(tweetId) || !TweetIdPattern().IsMatch(tweetId))
            return TweetVideoResult.Fail(TweetVideoFailureKind.InvalidId, "a tweet id is 1-20 digits");

        var uri = new Uri(_base, "tweet-result?id=" + tweetId + "&token=" + Uri.EscapeDataString(_options.Token));
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        overall.CancelAfter(_options.OverallTimeout);
        FetchOutcome outcome;
        try
        {
            outcome = await _fetcher.GetAsync(uri, null, overall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var f = new SourceFailure(SourceFailureKind.Timeout, $"no answer within {_options.OverallTimeout.TotalSeconds:0.###} s");
            return TweetVideoResult.Fail(TweetVideoFailureKind.Unavailable, f.Message, f);
        }

        if (!outcome.Succeeded)
        {
            var f = outcome.Failure!;
            var result = f.Kind switch
            {
                SourceFailureKind.NotFound => TweetVideoResult.Fail(TweetVideoFailureKind.NotFound, $"tweet {tweetId}: {f.Message}", f),
                SourceFailureKind.Unauthorized => TweetVideoResult.Fail(TweetVideoFailureKind.Blocked, $"tweet {tweetId}: {f.Message}", f),
                _ => TweetVideoResult.Fail(TweetVideoFailureKind.Unavailable, $"tweet {tweetId}: {f}", f),
            };
            _logger.LogDebug("X syndication {TweetId}: {Kind} {Reason}", tweetId, result.FailureKind, result.Reason);
            return result;
        }
        var chosen = Choose(outcome.Body!, _options.MaxVideoBytes);
        _logger.LogDebug("X syndication {TweetId}: {Result}", tweetId, chosen.Video?.Url.ToString() ?? $"{chosen.FailureKind} {chosen.Reason}");
        return chosen;
    }

    /// <summary>Reads a <c>tweet-result</c> body and picks the variant (exposed for tests).</summary>
    internal static TweetVideoResult Choose(byte[] body, long maxBytes)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException e)
        {
            var f = new SourceFailure(SourceFailureKind.Malformed, "tweet-result is not JSON: " + e.Message);
            return TweetVideoResult.Fail(TweetVideoFailureKind.Unavailable, f.Message, f);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                var f = new SourceFailure(SourceFailureKind.Malformed, "tweet-result is not a JSON object");
                return TweetVideoResult.Fail(TweetVideoFailureKind.Unavailable, f.Message, f);
            }
            var typename = Json.StringOf(root, "__typename");
            if (typename == "TweetTombstone")
                return TweetVideoResult.Fail(TweetVideoFailureKind.Blocked, "tombstone: " + TombstoneText(root));
            if (typename == "TweetUnavailable")
            {
                var reason = Json.StringOf(root, "reason") ?? "unavailable";
                return reason.Contains("NotFound", StringComparison.OrdinalIgnoreCase) || reason.Contains("Deleted", StringComparison.OrdinalIgnoreCase)
                    ? TweetVideoResult.Fail(TweetVideoFailureKind.NotFound, "tweet unavailable: " + reason)
                    : TweetVideoResult.Fail(TweetVideoFailureKind.Blocked, "tweet unavailable: " + reason);
            }
            if (!root.EnumerateObject().Any())
                return TweetVideoResult.Fail(TweetVideoFailureKind.NotFound, "empty tweet-result (deleted or never existed)");

            if (!root.TryGetProperty("mediaDetails", out var media) || media.ValueKind != JsonValueKind.Array)
                return TweetVideoResult.Fail(TweetVideoFailureKind.NoVideo, "tweet has no media");

            var sawVideo = false;
            var sawBlocked = false;
            var smallestTooLarge = long.MaxValue;
            foreach (var m in media.EnumerateArray())
            {
                if (m.ValueKind != JsonValueKind.Object || Json.StringOf(m, "type") != "video") continue;
                sawVideo = true;
                if (m.TryGetProperty("ext_media_availability", out var avail) && avail.ValueKind == JsonValueKind.Object
                    && Json.StringOf(avail, "status") is { } status && !status.Equals("Available", StringComparison.OrdinalIgnoreCase))
                {
                    sawBlocked = true;
                    continue;
                }
                if (!m.TryGetProperty("video_info", out var info) || info.ValueKind != JsonValueKind.Object) continue;
                int? duration = info.TryGetProperty("duration_millis", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var dm) && dm > 0 ? dm : null;
                if (!info.TryGetProperty("variants", out var variants) || variants.ValueKind != JsonValueKind.Array) continue;

                TweetVideo? best = null;
                foreach (var v in variants.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Object) continue;
                    var type = Json.StringOf(v, "content_type");
                    if (!string.Equals(type, "video/mp4", StringComparison.OrdinalIgnoreCase)) continue;
                    var url = Json.HttpUrlOf(v, "url");
                    if (url is null) continue;
                    var bitrate = v.TryGetProperty("bitrate", out var br) && br.ValueKind == JsonValueKind.Number && br.TryGetInt64(out var b) && b > 0 ? b : 0;
                    long? estimate = bitrate > 0 && duration is { } ms ? (long)Math.Ceiling(bitrate / 8.0 * ms / 1000.0) : null;
                    if (estimate > maxBytes)
                    {
                        smallestTooLarge = Math.Min(smallestTooLarge, estimate.Value);
                        continue;
                    }
                    var (w, h) = SizeFromUrl(url);
                    var candidate = new TweetVideo(url, "video/mp4", bitrate, duration, estimate, w, h);
                    if (best is null || candidate.Bitrate > best.Bitrate) best = candidate;
                }
                if (best is not null) return TweetVideoResult.Ok(best);
            }
            if (smallestTooLarge != long.MaxValue)
                return TweetVideoResult.Fail(TweetVideoFailureKind.TooLarge, $"smallest mp4 variant is about {smallestTooLarge} bytes; cap is {maxBytes}");
            if (sawBlocked) return TweetVideoResult.Fail(TweetVideoFailureKind.Blocked, "video withheld (ext_media_availability)");
            return TweetVideoResult.Fail(TweetVideoFailureKind.NoVideo, sawVideo ? "video has no mp4 variant" : "tweet has no video");
        }
    }

    private static string TombstoneText(JsonElement root)
    {
        if (root.TryGetProperty("tombstone", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("text", out var tt) && tt.ValueKind == JsonValueKind.Object && Json.StringOf(tt, "text") is { } s)
            return s.Length > 200 ? s[..200] : s;
        return "unavailable";
    }

    private static (int? W, int? H) SizeFromUrl(Uri url)
    {
        var m = SizeInPath().Match(url.AbsolutePath);
        if (!m.Success) return (null, null);
        return (int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex TweetIdPattern();

    [GeneratedRegex(@"/status(?:es)?/(?<id>[0-9]{1,20})(?:/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StatusPath();

    [GeneratedRegex(@"/vid/(?:[a-z0-9]+/)?(?<w>[0-9]{2,5})x(?<h>[0-9]{2,5})/", RegexOptions.IgnoreCase)]
    private static partial Regex SizeInPath();
}
