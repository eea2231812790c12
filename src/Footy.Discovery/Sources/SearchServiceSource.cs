using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Footy.Discovery;

/// <summary>Settings of <see cref="SearchServiceSource"/> (configuration section <c>Discovery:SearchService</c>).</summary>
public sealed class SearchServiceOptions : HttpSourceOptions
{
    /// <summary>Root of the search service; <c>search?q=...</c> is resolved against it. Null: the source is off (answers <see cref="SourceFailureKind.NotConfigured"/>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c> when set. Never logged.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Written to <see cref="DiscoveredClip.Source"/>.</summary>
    public string SourceName { get; set; } = "search";

    /// <summary>Most clips returned per <c>SearchAsync</c>, and the <c>limit</c> sent with each query.</summary>
    public int MaxResults { get; set; } = 20;

    /// <summary>Most posts read from one response (the rest is ignored).</summary>
    public int MaxPostsPerResponse { get; set; } = 200;

    /// <summary>Longest post text kept (longer texts are cut).</summary>
    public int MaxTextChars { get; set; } = 2000;

    public override void Validate(string section = "Discovery:SearchService")
    {
        base.Validate(section);
        CheckBaseUrl(section, "BaseUrl", BaseUrl, required: false);
        if (BearerToken is not null && BearerToken.Any(char.IsControl)) Fail(section, "BearerToken must not contain control characters");
        if (string.IsNullOrWhiteSpace(SourceName)) Fail(section, "SourceName must not be empty");
        if (MaxResults is < 1 or > 500) Fail(section, "MaxResults must be between 1 and 500");
        if (MaxPostsPerResponse is < 1 or > 10000) Fail(section, "MaxPostsPerResponse must be between 1 and 10000");
        if (MaxTextChars is < 10 or > 100_000) Fail(section, "MaxTextChars must be between 10 and 100000");
    }
}

/// <summary>
/// Client of the search-service protocol (docs/search-service.md): for each query that <see cref="GoalSearch"/>
/// builds, <c>GET {base}/search?q=&lt;words&gt;&amp;since=&lt;ISO-8601&gt;&amp;limit=N</c> →
/// <c>{"posts":[{"id","text","author","posted_at","video_url","page_url"}]}</c>. Results of all queries are merged in
/// query order (service order within a query), filtered by <see cref="PostFilter"/> and capped. Partial failure (some
/// queries answered) is a success; a failure is returned only when no query got an answer. Once the circuit is open the
/// remaining queries are not sent. Thread-safe; one instance per service (the circuit breaker is per instance).
/// </summary>
public sealed class SearchServiceSource : IClipSource
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly SearchServiceOptions _options;
    private readonly GoalSearch _search;
    private readonly ILogger<SearchServiceSource> _logger;
    private readonly ResilientFetcher? _fetcher;
    private readonly Uri? _base;

    public SearchServiceSource(HttpClient http, SearchServiceOptions options, GoalSearch search, ILogger<SearchServiceSource> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _search = search;
        _logger = logger;
        if (options.BaseUrl is { } b)
        {
            _base = new Uri(b.AbsoluteUri.EndsWith('/') ? b.AbsoluteUri : b.AbsoluteUri + "/");
            _fetcher = new ResilientFetcher(http, options, "search service", logger, time ?? TimeProvider.System, options.BearerToken);
        }
    }

    public string Name => _options.SourceName;

    /// <summary>The URL of one query (exposed for logs and tests). <c>since</c> is UTC, whole seconds, rounded down.</summary>
    public Uri BuildUri(string query, DateTimeOffset since)
    {
        if (_base is null) throw new InvalidOperationException("Discovery:SearchService:BaseUrl is not configured");
        var s = since.ToUniversalTime();
        s = new DateTimeOffset(s.Ticks - s.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return new Uri(_base, "search?q=" + Uri.EscapeDataString(query)
                              + "&since=" + Uri.EscapeDataString(s.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                              + "&limit=" + _options.MaxResults.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<SourceResult> SearchAsync(GoalSearchRequest goal, IReadOnlySet<string> alreadySeenPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ct.ThrowIfCancellationRequested();
        if (_fetcher is null) return SourceResult.Failed(SourceFailureKind.NotConfigured, "Discovery:SearchService:BaseUrl is not set");

        using var overall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        overall.CancelAfter(_options.OverallTimeout);
        var found = new List<DiscoveredClip>();
        SourceFailure? lastFailure = null;
        var answered = 0;
        foreach (var query in _search.BuildQueries(goal))
        {
            FetchOutcome outcome;
            try
            {
                outcome = await _fetcher.GetAsync(BuildUri(query, goal.Since), Authorize, overall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lastFailure = new SourceFailure(SourceFailureKind.Timeout, $"search did not finish within {_options.OverallTimeout.TotalSeconds:0.###} s");
                break;
            }

            if (!outcome.Succeeded)
            {
                var failure = outcome.Failure!;
                // When the circuit opens during this call, report what made it open rather than "circuit open".
                if (failure.Kind != SourceFailureKind.CircuitOpen || lastFailure is null) lastFailure = failure;
                _logger.LogInformation("Search service query '{Query}' for goal {Goal} failed: {Failure}", query, goal.GoalId, failure);
                if (failure.Kind is SourceFailureKind.CircuitOpen or SourceFailureKind.Unauthorized or SourceFailureKind.NotFound) break;
                continue;
            }
            var parsed = Parse(outcome.Body!, _options);
            if (parsed.Failure is not null)
            {
                lastFailure = parsed.Failure;
                _logger.LogInformation("Search service query '{Query}' for goal {Goal}: {Failure}", query, goal.GoalId, lastFailure);
                continue;
            }
            answered++;
            found.AddRange(parsed.Clips);
            if (PostFilter.Apply(found, goal.Since, alreadySeenPostIds, _options.MaxResults).Count >= _options.MaxResults) break;
        }

        if (answered == 0 && lastFailure is not null) return SourceResult.Failed(lastFailure);
        var clips = PostFilter.Apply(found, goal.Since, alreadySeenPostIds, _options.MaxResults);
        _logger.LogDebug("Search service found {Count} new clip(s) for goal {Goal}", clips.Count, goal.GoalId);
        return SourceResult.Ok(clips);
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(_options.BearerToken))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken);
    }

    /// <summary>
    /// Parses a response body leniently: the root must be an object with a <c>posts</c> array (else
    /// <see cref="SourceFailureKind.Malformed"/>); each post that lacks an id, a readable <c>posted_at</c> or both URLs
    /// is skipped, unknown fields are ignored, URLs that are not absolute http(s) are dropped.
    /// </summary>
    internal static (IReadOnlyList<DiscoveredClip> Clips, SourceFailure? Failure) Parse(byte[] body, SearchServiceOptions options)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException e)
        {
            return ([], new SourceFailure(SourceFailureKind.Malformed, "response is not JSON: " + e.Message));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("posts", out var posts) || posts.ValueKind != JsonValueKind.Array)
                return ([], new SourceFailure(SourceFailureKind.Malformed, "response is not an object with a 'posts' array" + ResilientFetcher.Excerpt(body, options.BearerToken)));
            var clips = new List<DiscoveredClip>();
            var n = 0;
            foreach (var p in posts.EnumerateArray())
            {
                if (++n > options.MaxPostsPerResponse) break;
                if (p.ValueKind != JsonValueKind.Object) continue;
                var id = Json.IdOf(p, "id");
                if (id is null) continue;
                var postedAt = Json.TimeOf(p, "posted_at");
                if (postedAt is null) continue;
                var video = Json.HttpUrlOf(p, "video_url");
                var page = Json.HttpUrlOf(p, "page_url");
                if (video is null && page is null) continue;
                var text = Json.StringOf(p, "text") ?? "";
                if (text.Length > options.MaxTextChars) text = text[..options.MaxTextChars];
                var author = Json.StringOf(p, "author");
                if (author is { Length: > 200 }) author = author[..200];
                clips.Add(new DiscoveredClip(id, options.SourceName, video, page, text, author, postedAt.Value));
            }
            return (clips, null);
        }
    }
}

/// <summary>Lenient readers for JSON fields.</summary>
internal static class Json
{
    /// <summary>A string field; null when absent, not a string, or not valid UTF-16 (lone surrogate escapes).</summary>
    public static string? StringOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An id as a string: JSON strings as they are, integers in invariant form; null otherwise or when longer than 128 chars.</summary>
    public static string? IdOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        var s = v.ValueKind switch
        {
            JsonValueKind.String => StringOf(obj, name)?.Trim(),
            JsonValueKind.Number when v.TryGetInt64(out var l) => l.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return string.IsNullOrEmpty(s) || s.Length > 128 || s.Any(char.IsControl) ? null : s;
    }

    /// <summary>An ISO-8601 string (offset honoured, none = UTC) or a number of Unix seconds (milliseconds when above 1e11).</summary>
    public static DateTimeOffset? TimeOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String)
        {
            var s = StringOf(obj, name);
            if (s is { Length: > 0 and < 64 } && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                return t;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var num)) return FromUnix(num);
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) return FromUnix(d);
        return null;
    }

    private static DateTimeOffset? FromUnix(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0) return null;
        if (value > 1e11) value /= 1000;
        if (value > 253402300799) return null;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(value * 1000));
    }

    public static Uri? HttpUrlOf(JsonElement obj, string name) => HttpUrl(StringOf(obj, name));

    public static Uri? HttpUrl(string? s)
    {
        if (string.IsNullOrWhiteSpace(s) || s.Length > 4096) return null;
        return Uri.TryCreate(s.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0
            ? u
            : null;
    }
}
