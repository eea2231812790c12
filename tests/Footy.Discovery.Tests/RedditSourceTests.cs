using System.Text.Json;


namespace Footy.Discovery.Tests;

public sealed class RedditGoalMatcherTests
{
    private static readonly TeamAliases Aliases = TeamAliases.From(new Dictionary<string, string[]> { ["Manchester United"] = ["Man Utd"] });

    private static bool Match(string title, GoalSearchRequest goal, out string why) =>
        RedditGoalMatcher.Matches(RedditTitleParser.Parse(title)!, goal, Aliases, 2, out why);

    [Theory]
    [InlineData("Arsenal [2] - 1 Chelsea - Bukayo Saka 67'", true)]
    [InlineData("Arsenal [2] - 1 Chelsea - Saka 69'", true)]
    [InlineData("Arsenal [2] - 1 Chelsea - Saka 65'", true)]
    [InlineData("Arsenal FC [2] - 1 Chelsea FC - B. Saka 67'", true)]
    [InlineData("Arsenal [2] - 1 Chelsea - Saka", true)]                 // no minute: the scorer decides
    [InlineData("Arsenal [2] - 1 Chelsea - 67'", true)]                  // no scorer: the minute decides
    [InlineData("Chelsea 1 - [2] Arsenal - Saka 67'", true)]             // sides swapped (neutral venue wording)
    [InlineData("Arsenal [2] - 1 Chelsea - Saka 70'", false)]            // minute off by 3
    [InlineData("Arsenal [2] - 1 Chelsea - Martinelli 67'", false)]      // another scorer
    [InlineData("Arsenal [1] - 1 Chelsea - Saka 67'", false)]            // another score
    [InlineData("Arsenal 2 - [1] Chelsea - Saka 67'", false)]            // the other side scored
    [InlineData("Arsenal [2] - 1 Fulham - Saka 67'", false)]             // another match
    [InlineData("Arsenal [2] - 1 Chelsea", false)]                       // unparseable: no scorer part
    public void Matches_by_teams_score_side_minute_and_scorer(string title, bool expected)
    {
        var parsed = RedditTitleParser.Parse(title);
        var ok = parsed is not null && RedditGoalMatcher.Matches(parsed, Samples.Saka(), Aliases, 2, out _);
        Assert.Equal(expected, ok);
    }

    [Fact]
    public void Uses_aliases_extra_time_and_explains_mismatches()
    {
        var goal = new GoalSearchRequest("g", 1, "Manchester United", "Liverpool", "Manchester United", "Bruno Fernandes", 90, 4, 2, 2, Samples.Kickoff);
        Assert.True(Match("Man Utd [2] - 2 Liverpool - Bruno Fernandes 90+4'", goal, out _));
        Assert.True(Match("Man Utd [2] - 2 Liverpool - Fernandes 94'", goal, out _));
        Assert.False(Match("Man Utd [2] - 2 Liverpool - Fernandes 90'", goal, out var why));
        Assert.Contains("minute", why);
        Assert.False(Match("Man Utd [2] - 2 Liverpool - Rashford 94'", goal, out why));
        Assert.Contains("scorer", why);
        Assert.False(Match("Man City [2] - 2 Liverpool - Fernandes 94'", goal, out why));
        Assert.Equal("teams differ", why);
        Assert.False(Match("Man Utd [2] - 2 Liverpool (4-2 on pens) - Fernandes 94'", goal, out why));
        Assert.Equal("penalty shootout", why);
    }

    [Fact]
    public void Own_goal_counts_for_the_benefiting_team()
    {
        // API-Football: team = beneficiary, player = the defender who scored it.
        var goal = new GoalSearchRequest("g", 1, "Atletico Madrid", "Barcelona", "Barcelona", "E. Garcia", 6, null, 0, 1, Samples.Kickoff);
        Assert.True(Match("Atlético Madrid 0 - [1] Barcelona - Eric García OG 6'", goal, out var why), why);
    }
}

public sealed class RedditSourceTests
{
    private static string Post(string id, string title, DateTimeOffset created, string url, bool isVideo = false, string? fallback = null,
        bool isSelf = false, string? removed = null, string permalink = "/r/soccer/comments/x/y/") =>
        JsonSerializer.Serialize(new
        {
            kind = "t3",
            data = new
            {
                id,
                title,
                url,
                created_utc = created.ToUnixTimeSeconds() + 0.0,
                author = "poster_" + id,
                permalink,
                is_video = isVideo,
                is_self = isSelf,
                removed_by_category = removed,
                media = fallback is null ? null : new { reddit_video = new { fallback_url = fallback, height = 720, width = 1280, duration = 21 } },
                domain = new Uri(url).Host,
                subreddit = "soccer",
            },
        });

    private static string Listing(params string[] posts) =>
        "{\"kind\":\"Listing\",\"data\":{\"after\":\"t3_zzz\",\"dist\":" + posts.Length + ",\"modhash\":\"\",\"children\":[" + string.Join(",", posts) + "],\"before\":null}}";

    private static readonly DateTimeOffset GoalTime = Samples.Kickoff.AddMinutes(70);

    private static RedditSource Source(FakeServer server, Action<RedditOptions>? tweak = null, TimeProvider? time = null)
    {
        var o = new RedditOptions
        {
            BaseUrl = server.BaseUrl,
            RequestTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            ListingCacheTime = TimeSpan.Zero,
        };
        tweak?.Invoke(o);
        return new RedditSource(new HttpClient(), o, TeamAliases.Empty, new ListLogger<RedditSource>(), time);
    }

    [Fact]
    public async Task Finds_matching_posts_with_reddit_video_or_external_link()
    {
        var body = Listing(
            Post("p1", "Arsenal [2] - 1 Chelsea - Bukayo Saka 67&#39;", GoalTime.AddMinutes(1), "https://v.redd.it/abc123", isVideo: true,
                fallback: "https://v.redd.it/abc123/DASH_720.mp4?source=fallback", permalink: "/r/soccer/comments/p1/arsenal_2_1_chelsea/"),
            Post("p2", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddMinutes(2), "https://streamable.com/xyz"),
            Post("p3", "Arsenal [2] - 1 Chelsea - Saka 67' (alt angle)", GoalTime.AddMinutes(3), "https://cdn.example.org/clip.mp4"),
            Post("p4", "Arsenal [1] - 0 Chelsea - Saka 12'", GoalTime.AddMinutes(-50), "https://streamable.com/old"),      // another goal
            Post("p5", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddMinutes(-1), "https://streamable.com/early"),     // before Since
            Post("p6", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddMinutes(4), "https://www.reddit.com/r/soccer/x", isSelf: true),
            Post("p7", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddMinutes(5), "https://streamable.com/removed", removed: "moderator"),
            Post("p8", "Post Match Thread: Arsenal 2-1 Chelsea", GoalTime.AddMinutes(40), "https://www.reddit.com/r/soccer/pmt"),
            Post("p9", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddMinutes(6), "https://streamin.one/v/seen"));
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        using var source = Source(server);

        var result = await source.SearchAsync(Samples.Saka(GoalTime), new HashSet<string> { "p9" }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(["p1", "p2", "p3"], result.Clips.Select(c => c.PostId));
        var p1 = result.Clips[0];
        Assert.Equal("reddit", p1.Source);
        Assert.Equal("Arsenal [2] - 1 Chelsea - Bukayo Saka 67'", p1.Text);
        Assert.Equal(new Uri("https://v.redd.it/abc123/DASH_720.mp4?source=fallback"), p1.VideoUrl);
        Assert.Equal(new Uri("https://www.reddit.com/r/soccer/comments/p1/arsenal_2_1_chelsea/"), p1.PageUrl);
        Assert.Equal("poster_p1", p1.Author);
        Assert.Equal(GoalTime.AddMinutes(1), p1.PostedAt);
        Assert.Null(result.Clips[1].VideoUrl);
        Assert.Equal(new Uri("https://streamable.com/xyz"), result.Clips[1].PageUrl);
        Assert.Equal(new Uri("https://cdn.example.org/clip.mp4"), result.Clips[2].VideoUrl);

        var seen = server.Requests.Single();
        Assert.Equal("/r/soccer/new.json", seen.Path);
        Assert.Contains("limit=100", seen.Query);
        Assert.Contains("footy", seen.Headers["user-agent"]);
    }

    [Fact]
    public async Task Caps_results_and_shares_a_cached_listing_between_goals()
    {
        var posts = Enumerable.Range(1, 40).Select(i => Post("p" + i, "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime.AddSeconds(i), "https://streamable.com/" + i)).ToArray();
        var body = Listing(posts);
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        var time = new ManualClock(GoalTime);
        using var source = Source(server, o => { o.ListingCacheTime = TimeSpan.FromSeconds(20); o.MaxResults = 5; }, time);

        var first = await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        var second = await source.SearchAsync(Samples.Saka(GoalTime), first.Clips.Select(c => c.PostId).ToHashSet(), CancellationToken.None);
        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], first.Clips.Select(c => c.PostId));
        Assert.Equal(["p6", "p7", "p8", "p9", "p10"], second.Clips.Select(c => c.PostId));
        Assert.Equal(1, server.RequestCount);

        time.Advance(TimeSpan.FromSeconds(21));
        await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [InlineData("<html><body>Too Many Requests</body></html>", SourceFailureKind.Malformed)]
    [InlineData("{\"kind\":\"Listing\",\"data\":{}}", SourceFailureKind.Malformed)]
    [InlineData("[1,2,3]", SourceFailureKind.Malformed)]
    [InlineData("{\"data\":{\"children\":[", SourceFailureKind.Malformed)]
    public async Task Garbage_listings_are_typed_failures(string body, SourceFailureKind kind)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        using var source = Source(server);
        var r = await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(kind, r.Failure?.Kind);
        Assert.Empty(r.Clips);
    }

    [Fact]
    public async Task Garbage_children_are_skipped()
    {
        var body = Listing("1", "null", "{\"kind\":\"t3\"}", "{\"data\":{\"id\":5,\"title\":[]}}",
            """{"data":{"id":"ok","title":"Arsenal [2] - 1 Chelsea - Saka 67'","created_utc":"nope","url":"https://streamable.com/a"}}""",
            Post("good", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime, "javascript:alert(1)"),
            Post("good2", "Arsenal [2] - 1 Chelsea - Saka 67'", GoalTime, "https://streamable.com/b"));
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        using var source = Source(server);
        var r = await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        Assert.True(r.Succeeded);
        // "good" has a non-http link: it falls back to its permalink as the page.
        Assert.Equal(["good", "good2"], r.Clips.Select(c => c.PostId));
        Assert.Equal("www.reddit.com", r.Clips[0].PageUrl!.Host);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried_then_reported()
    {
        await using var server = await FakeServer.StartAsync((ctx, n) =>
            n == 1 ? FakeServer.Json(ctx, "{}", 429, new Dictionary<string, string> { ["Retry-After"] = "0" })
                   : FakeServer.Json(ctx, "{\"message\":\"Internal\"}", 503));
        using var source = Source(server, o => o.MaxRetries = 2);
        var r = await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.Http, r.Failure?.Kind);
        Assert.Equal(503, r.Failure?.HttpStatus);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Huge_listing_is_refused()
    {
        var big = new string(' ', 3 * 1024 * 1024);
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{" + big + "}"));
        using var source = Source(server, o => o.MaxResponseBytes = 1024 * 1024);
        var r = await source.SearchAsync(Samples.Saka(GoalTime), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.TooLarge, r.Failure?.Kind);
    }
}
