using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Footy.Discovery;

/// <summary>Settings of <see cref="RedditSource"/> (configuration section <c>Discovery:Reddit</c>).</summary>
public sealed class RedditOptions : HttpSourceOptions
{
    public RedditOptions()
    {
        UserAgent = "linux:footy-actors:1.0 (goal highlights bot)";
        MaxResponseBytes = 4 * 1024 * 1024;
    }

    /// <summary>Root of Reddit; <c>r/{Subreddit}/new.json?limit=N</c> is resolved against it.</summary>
    public Uri BaseUrl { get; set; } = new("https://www.reddit.com/");

    public string Subreddit { get; set; } = "soccer";

    /// <summary>Posts asked per listing call (Reddit allows at most 100).</summary>
    public int ListingLimit { get; set; } = 100;

    /// <summary>A listing is reused for this long by every goal searching meanwhile (0 = always fetch).</summary>
    public TimeSpan ListingCacheTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most clips returned per <c>SearchAsync</c>.</summary>
    public int MaxResults { get; set; } = 20;

    /// <summary>Largest difference, in minutes, between the title's minute and the goal's (minute + extra).</summary>
    public int MinuteTolerance { get; set; } = 2;

    /// <summary>Written to <see cref="DiscoveredClip.Source"/>.</summary>
    public string SourceName { get; set; } = "reddit";

    public override void Validate(string section = "Discovery:Reddit")
    {
        base.Validate(section);
        CheckBaseUrl(section, "BaseUrl", BaseUrl, required: true);
        if (string.IsNullOrWhiteSpace(Subreddit) || !Subreddit.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) Fail(section, "Subreddit must be a subreddit name");
        if (ListingLimit is < 1 or > 100) Fail(section, "ListingLimit must be between 1 and 100");
        if (ListingCacheTime < TimeSpan.Zero || ListingCacheTime > TimeSpan.FromMinutes(10)) Fail(section, "ListingCacheTime must be between 0 and 10 minutes");
        if (MaxResults is < 1 or > 500) Fail(section, "MaxResults must be between 1 and 500");
        if (MinuteTolerance is < 0 or > 15) Fail(section, "MinuteTolerance must be between 0 and 15");
        if (string.IsNullOrWhiteSpace(SourceName)) Fail(section, "SourceName must not be empty");
    }
}

/// <summary>One post of a Reddit listing, as read (exposed for tests and diagnostics).</summary>
public sealed record RedditPost(string Id, string Title, Uri? Url, Uri? Permalink, DateTimeOffset CreatedUtc, string? Author, Uri? RedditVideo, bool IsSelf);

/// <summary>Decides whether a parsed title is the goal (see <see cref="Matches"/>).</summary>
public static class RedditGoalMatcher
{
    /// <summary>
    /// A title is the goal when all of these hold: (1) its teams name the goal's home and away teams (aliases allowed;
    /// home/away swapped is accepted with the scores swapped too); (2) its score is the score right after the goal;
    /// (3) its bracketed side is the goal's scoring team; (4) when it has a minute, |minute + extra − goal minute − extra|
    /// ≤ <paramref name="minuteTolerance"/>; (5) its scorer matches the goal's scorer (<see cref="ScorerName.Matches(ScorerName)"/>),
    /// or it names nobody and has a minute. Penalty-shootout titles never match. <paramref name="why"/> says which rule failed.
    /// </summary>
    public static bool Matches(RedditGoalTitle title, GoalSearchRequest goal, TeamAliases aliases, int minuteTolerance, out string why)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(aliases);
        if (title.IsShootout)
        {
            why = "penalty shootout";
            return false;
        }

        int homeScore, awayScore;
        ScoringSide side;
        if (aliases.Matches(title.Home, goal.HomeTeam) && aliases.Matches(title.Away, goal.AwayTeam))
        {
            (homeScore, awayScore, side) = (title.HomeScore, title.AwayScore, title.ScoringSide);
        }
        else if (aliases.Matches(title.Home, goal.AwayTeam) && aliases.Matches(title.Away, goal.HomeTeam))
        {
            (homeScore, awayScore) = (title.AwayScore, title.HomeScore);
            side = title.ScoringSide == ScoringSide.Home ? ScoringSide.Away : ScoringSide.Home;
        }
        else
        {
            why = "teams differ";
            return false;
        }

        if (homeScore != goal.HomeScoreAfter || awayScore != goal.AwayScoreAfter)
        {
            why = $"score {homeScore}-{awayScore} is not {goal.HomeScoreAfter}-{goal.AwayScoreAfter}";
            return false;
        }
        var scoringIsHome = SameTeam(goal.ScoringTeam, goal.HomeTeam, aliases);
        var scoringIsAway = SameTeam(goal.ScoringTeam, goal.AwayTeam, aliases);
        if (scoringIsHome == scoringIsAway || (side == ScoringSide.Home) != scoringIsHome)
        {
            why = "scoring side differs";
            return false;
        }
        if (title.MinuteOrdinal is { } m && Math.Abs(m - goal.MinuteOrdinal) > minuteTolerance)
        {
            why = $"minute {m} is not {goal.MinuteOrdinal} ± {minuteTolerance}";
            return false;
        }
        if (title.Scorer.Length == 0)
        {
            why = title.Minute is null ? "title names no scorer and no minute" : "";
            return title.Minute is not null;
        }
        if (!ScorerName.Parse(goal.Scorer).Matches(title.Scorer))
        {
            why = $"scorer '{title.Scorer}' is not '{goal.Scorer}'";
            return false;
        }
        why = "";
        return true;
    }

    private static bool SameTeam(string a, string b, TeamAliases aliases) =>
        TextNormalizer.Normalize(a) == TextNormalizer.Normalize(b) || aliases.Matches(a, b);
}

/// <summary>
/// r/soccer as a clip source: reads the newest posts (<c>GET {base}/r/soccer/new.json?limit=100&amp;raw_json=1</c>, Reddit's
/// listing shape <c>data.children[].data.{id,title,url,created_utc,author,permalink,is_video,media.reddit_video.fallback_url}</c>),
/// parses each title with <see cref="RedditTitleParser"/> and keeps the posts <see cref="RedditGoalMatcher"/> accepts.
/// Reddit-hosted videos get <see cref="DiscoveredClip.VideoUrl"/> = <c>fallback_url</c> (video only, no audio) and the
/// post's permalink as page; external links (streamable...) get the link as page and no video URL (yt-dlp territory),
/// unless the link is itself an .mp4. Self posts and removed posts are skipped. The listing is cached for
/// <see cref="RedditOptions.ListingCacheTime"/> and fetched by one caller at a time. Thread-safe.
/// </summary>
public sealed class RedditSource : IClipSource, IDisposable
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly RedditOptions _options;
    private readonly TeamAliases _aliases;
    private readonly ILogger<RedditSource> _logger;
    private readonly TimeProvider _time;
    private readonly ResilientFetcher _fetcher;
    private readonly Uri _listing;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<RedditPost> Posts)? _cache;

    public RedditSource(HttpClient http, RedditOptions options, TeamAliases aliases, ILogger<RedditSource> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _aliases = aliases;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var b = options.BaseUrl.AbsoluteUri;
        _listing = new Uri(new Uri(b.EndsWith('/') ? b : b + "/"),
            $"r/{options.Subreddit}/new.json?limit={options.ListingLimit.ToString(CultureInfo.InvariantCulture)}&raw_json=1");
        _fetcher = new ResilientFetcher(http, options, "reddit", logger, _time);
    }

    public string Name => _options.SourceName;

    public async Task<SourceResult> SearchAsync(GoalSearchRequest goal, IReadOnlySet<string> alreadySeenPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var listing = await GetListingAsync(ct).ConfigureAwait(false);
        if (listing.Failure is not null) return SourceResult.Failed(listing.Failure);

        var clips = new List<DiscoveredClip>();
        foreach (var post in listing.Posts!.OrderBy(p => p.CreatedUtc))
        {
            if (post.IsSelf || post.CreatedUtc < goal.Since) continue;
            if (!RedditTitleParser.TryParse(post.Title, out var title)) continue;
            if (!RedditGoalMatcher.Matches(title!, goal, _aliases, _options.MinuteTolerance, out var why))
            {
                _logger.LogTrace("Reddit post {Id} '{Title}' is not goal {Goal}: {Why}", post.Id, post.Title, goal.GoalId, why);
                continue;
            }
            var clip = ToClip(post);
            if (clip is not null) clips.Add(clip);
        }
        var result = PostFilter.Apply(clips, goal.Since, alreadySeenPostIds, _options.MaxResults);
        _logger.LogDebug("Reddit: {Count} new clip(s) for goal {Goal}", result.Count, goal.GoalId);
        return SourceResult.Ok(result);
    }

    private DiscoveredClip? ToClip(RedditPost post)
    {
        Uri? video = post.RedditVideo;
        Uri? page;
        if (post.Url is { } url && !IsRedditHost(url.Host))
        {
            page = url;
            if (video is null && url.AbsolutePath.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase)) video = url;
        }
        else
        {
            page = post.Permalink ?? post.Url;
        }
        if (video is null && page is null) return null;
        return new DiscoveredClip(post.Id, _options.SourceName, video, page, post.Title, post.Author, post.CreatedUtc);
    }

    private static bool IsRedditHost(string host)
    {
        host = host.ToLowerInvariant();
        return host is "reddit.com" or "v.redd.it" or "i.redd.it" or "redd.it" || host.EndsWith(".reddit.com", StringComparison.Ordinal);
    }

    private async Task<(IReadOnlyList<RedditPost>? Posts, SourceFailure? Failure)> GetListingAsync(CancellationToken ct)
    {
        if (Fresh() is { } cached) return (cached, null);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        overall.CancelAfter(_options.OverallTimeout);
        try
        {
            await _gate.WaitAsync(overall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, new SourceFailure(SourceFailureKind.Timeout, "waited too long for another Reddit listing call"));
        }
        try
        {
            if (Fresh() is { } again) return (again, null);
            FetchOutcome outcome;
            try
            {
                outcome = await _fetcher.GetAsync(_listing, null, overall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (null, new SourceFailure(SourceFailureKind.Timeout, $"Reddit listing did not arrive within {_options.OverallTimeout.TotalSeconds:0.###} s"));
            }
            if (!outcome.Succeeded)
            {
                _logger.LogInformation("Reddit listing failed: {Failure}", outcome.Failure);
                return (null, outcome.Failure);
            }
            var parsed = ParseListing(outcome.Body!);
            if (parsed.Failure is not null)
            {
                _logger.LogInformation("Reddit listing unreadable: {Failure}", parsed.Failure);
                return parsed;
            }
            _cache = (_time.GetUtcNow(), parsed.Posts!);
            return parsed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<RedditPost>? Fresh()
    {
        var c = _cache;
        return c is { } v && _options.ListingCacheTime > TimeSpan.Zero && _time.GetUtcNow() - v.At < _options.ListingCacheTime ? v.Posts : null;
    }

    /// <summary>Reads a listing leniently: children without an id, title or <c>created_utc</c> are skipped, removed posts too.</summary>
    public static (IReadOnlyList<RedditPost>? Posts, SourceFailure? Failure) ParseListing(byte[] body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException e)
        {
            return (null, new SourceFailure(SourceFailureKind.Malformed, "listing is not JSON: " + e.Message));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
                return (null, new SourceFailure(SourceFailureKind.Malformed, "not a Reddit listing (data.children missing)" + ResilientFetcher.Excerpt(body)));
            var posts = new List<RedditPost>();
            var n = 0;
            foreach (var child in children.EnumerateArray())
            {
                if (++n > 1000) break;
                if (child.ValueKind != JsonValueKind.Object || !child.TryGetProperty("data", out var d) || d.ValueKind != JsonValueKind.Object) continue;
                var id = Json.IdOf(d, "id");
                var title = Json.StringOf(d, "title");
                var created = Json.TimeOf(d, "created_utc");
                if (id is null || string.IsNullOrWhiteSpace(title) || created is null) continue;
                if (d.TryGetProperty("removed_by_category", out var removed) && removed.ValueKind == JsonValueKind.String) continue;
                title = WebUtility.HtmlDecode(title);
                if (title.Length > 500) title = title[..500];
                var url = Json.HttpUrlOf(d, "url_overridden_by_dest") ?? Json.HttpUrlOf(d, "url");
                var permalinkText = Json.StringOf(d, "permalink");
                Uri? permalink = permalinkText is { Length: > 1 and < 1000 } && permalinkText.StartsWith('/')
                    ? Json.HttpUrl("https://www.reddit.com" + permalinkText)
                    : null;
                var isVideo = d.TryGetProperty("is_video", out var iv) && iv.ValueKind == JsonValueKind.True;
                Uri? fallback = isVideo ? FallbackUrl(d, "media") ?? FallbackUrl(d, "secure_media") : null;
                var isSelf = d.TryGetProperty("is_self", out var s) && s.ValueKind == JsonValueKind.True;
                var author = Json.StringOf(d, "author");
                posts.Add(new RedditPost(id, title, url, permalink, created.Value, author, fallback, isSelf));
            }
            return (posts, null);
        }
    }

    private static Uri? FallbackUrl(JsonElement d, string name)
    {
        if (!d.TryGetProperty(name, out var media) || media.ValueKind != JsonValueKind.Object) return null;
        if (!media.TryGetProperty("reddit_video", out var rv) || rv.ValueKind != JsonValueKind.Object) return null;
        return Json.HttpUrlOf(rv, "fallback_url");
    }

    public void Dispose() => _gate.Dispose();
}
