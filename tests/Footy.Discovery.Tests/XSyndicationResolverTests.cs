using System.Web;

namespace Footy.Discovery.Tests;

public sealed class XSyndicationResolverTests
{
    /// <summary>A tweet-result body shaped like the real one (trimmed of fields we do not read, plus a few we ignore).</summary>
    private static string Tweet(string variants, int? durationMillis = 21400, string type = "video", string availability = "Available")
    {
        var durationPart = durationMillis is { } d ? ",\"duration_millis\":" + d : "";
        return $$$"""
        {"__typename":"Tweet","lang":"en","favorite_count":5120,"possibly_sensitive":false,
         "created_at":"2022-12-18T15:23:11.000Z","display_text_range":[0,48],
         "entities":{"hashtags":[{"indices":[40,47],"text":"ARGFRA"}],"urls":[],"user_mentions":[],"symbols":[]},
         "id_str":"1604531452713377792","text":"Messi from the spot! Argentina 1-0 France #ARGFRA https://t.co/abc",
         "user":{"id_str":"123","name":"Someone","screen_name":"someone","is_blue_verified":false,"profile_image_url_https":"https://pbs.twimg.com/p.jpg"},
         "edit_control":{"edit_tweet_ids":["1604531452713377792"],"editable_until_msecs":"1671378791000","is_edit_eligible":true,"edits_remaining":"5"},
         "mediaDetails":[{"display_url":"pic.twitter.com/abc","expanded_url":"https://twitter.com/someone/status/1604531452713377792/video/1",
           "ext_media_availability":{"status":"{{{availability}}}"},"indices":[49,72],
           "media_url_https":"https://pbs.twimg.com/amplify_video_thumb/1604531380000000000/img/x.jpg",
           "original_info":{"height":720,"width":1280,"focus_rects":[]},"sizes":{"large":{"h":720,"resize":"fit","w":1280}},
           "type":"{{{type}}}","url":"https://t.co/abc",
           "video_info":{"aspect_ratio":[16,9]{{{durationPart}}},"variants":[{{{variants}}}]}}],
         "photos":[],
         "video":{"aspectRatio":[16,9],"contentType":"media_entity","durationMs":21400,"mediaAvailability":{"status":"available"},
                  "poster":"https://pbs.twimg.com/x.jpg","variants":[],"videoId":{"type":"tweet","id":"1604531452713377792"},"viewCount":0},
         "conversation_count":31,"news_action_type":"conversation","isEdited":false,"isStaleEdit":false}
        """;
    }

    private const string StandardVariants = """
        {"bitrate":256000,"content_type":"video/mp4","url":"https://video.twimg.com/amplify_video/1604531380000000000/vid/480x270/low.mp4?tag=14"},
        {"bitrate":2176000,"content_type":"video/mp4","url":"https://video.twimg.com/amplify_video/1604531380000000000/vid/1280x720/high.mp4?tag=14"},
        {"bitrate":832000,"content_type":"video/mp4","url":"https://video.twimg.com/amplify_video/1604531380000000000/vid/640x360/mid.mp4?tag=14"},
        {"content_type":"application/x-mpegURL","url":"https://video.twimg.com/amplify_video/1604531380000000000/pl/list.m3u8?tag=14&container=fmp4"}
        """;

    private static XSyndicationResolver Resolver(FakeServer server, Action<XSyndicationOptions>? tweak = null)
    {
        var o = new XSyndicationOptions
        {
            BaseUrl = server.BaseUrl,
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryAfterCap = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(2),
        };
        tweak?.Invoke(o);
        return new XSyndicationResolver(new HttpClient(), o, new ListLogger<XSyndicationResolver>());
    }

    [Fact]
    public async Task Picks_the_highest_bitrate_mp4()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Tweet(StandardVariants)));
        var r = await Resolver(server).ResolveAsync("1604531452713377792", CancellationToken.None);

        Assert.True(r.Succeeded, r.Reason);
        Assert.Equal("https://video.twimg.com/amplify_video/1604531380000000000/vid/1280x720/high.mp4?tag=14", r.Video!.Url.AbsoluteUri);
        Assert.Equal(2176000, r.Video.Bitrate);
        Assert.Equal(21400, r.Video.DurationMillis);
        Assert.Equal((long)Math.Ceiling(2176000 / 8.0 * 21.4), r.Video.EstimatedBytes);
        Assert.Equal(1280, r.Video.Width);
        Assert.Equal(720, r.Video.Height);

        var req = server.Requests.Single();
        Assert.Equal("/tweet-result", req.Path);
        Assert.Equal("1604531452713377792", HttpUtility.ParseQueryString(req.Query)["id"]);
        Assert.Equal("x", HttpUtility.ParseQueryString(req.Query)["token"]);
    }

    [Fact]
    public async Task Size_cap_picks_the_best_variant_that_fits_or_reports_too_large()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Tweet(StandardVariants)));
        // 2176 kbit/s * 21.4 s ≈ 5.8 MB; 832 kbit/s ≈ 2.2 MB; 256 kbit/s ≈ 0.7 MB
        var mid = await Resolver(server, o => o.MaxVideoBytes = 3_000_000).ResolveAsync("1", CancellationToken.None);
        Assert.Equal(832000, mid.Video!.Bitrate);
        var none = await Resolver(server, o => o.MaxVideoBytes = 100_000).ResolveAsync("1", CancellationToken.None);
        Assert.Equal(TweetVideoFailureKind.TooLarge, none.FailureKind);
    }

    [Fact]
    public async Task Unknown_duration_still_picks_the_best_bitrate()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Tweet(StandardVariants, durationMillis: null)));
        var r = await Resolver(server, o => o.MaxVideoBytes = 2048).ResolveAsync("1", CancellationToken.None);
        Assert.Equal(2176000, r.Video!.Bitrate);
        Assert.Null(r.Video.EstimatedBytes);
    }

    public static IEnumerable<object[]> Failures =>
    [
        [404, "", TweetVideoFailureKind.NotFound],
        [200, "{}", TweetVideoFailureKind.NotFound],
        [200, """{"__typename":"TweetUnavailable","reason":"NotFound"}""", TweetVideoFailureKind.NotFound],
        [200, """{"__typename":"TweetUnavailable","reason":"Suspended"}""", TweetVideoFailureKind.Blocked],
        [200, """{"__typename":"TweetTombstone","tombstone":{"text":{"text":"You’re unable to view this Post because this account owner limits who can view their Posts.","entities":[],"rtl":false}}}""", TweetVideoFailureKind.Blocked],
        [403, "Forbidden", TweetVideoFailureKind.Blocked],
        [401, "", TweetVideoFailureKind.Blocked],
        [200, Tweet(StandardVariants, availability: "Unavailable"), TweetVideoFailureKind.Blocked],
        [200, """{"__typename":"Tweet","id_str":"1","text":"just words","mediaDetails":[]}""", TweetVideoFailureKind.NoVideo],
        [200, """{"__typename":"Tweet","id_str":"1","text":"no media at all"}""", TweetVideoFailureKind.NoVideo],
        [200, """{"__typename":"Tweet","mediaDetails":[{"type":"photo","media_url_https":"https://pbs.twimg.com/a.jpg"}]}""", TweetVideoFailureKind.NoVideo],
        [200, Tweet("""{"bitrate":0,"content_type":"video/mp4","url":"https://video.twimg.com/tweet_video/gif.mp4"}""", type: "animated_gif"), TweetVideoFailureKind.NoVideo],
        [200, Tweet("""{"content_type":"application/x-mpegURL","url":"https://video.twimg.com/pl/x.m3u8"}"""), TweetVideoFailureKind.NoVideo],
        [200, Tweet("""{"bitrate":"fast","content_type":"video/mp4","url":"javascript:alert(1)"}, 7, null"""), TweetVideoFailureKind.NoVideo],
        [200, "<html>rate limited</html>", TweetVideoFailureKind.Unavailable],
        [200, "[1,2]", TweetVideoFailureKind.Unavailable],
        [429, "", TweetVideoFailureKind.Unavailable],
        [500, "", TweetVideoFailureKind.Unavailable],
    ];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failures_are_typed(int status, string body, TweetVideoFailureKind kind)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body, status));
        var r = await Resolver(server).ResolveAsync("1604531452713377792", CancellationToken.None);
        Assert.False(r.Succeeded);
        Assert.Equal(kind, r.FailureKind);
    }

    [Fact]
    public async Task Invalid_ids_send_nothing()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{}"));
        var resolver = Resolver(server);
        foreach (var id in new[] { "", "abc", "1&token=evil", "12345678901234567890123", "-1" })
            Assert.Equal(TweetVideoFailureKind.InvalidId, (await resolver.ResolveAsync(id, CancellationToken.None)).FailureKind);
        Assert.Equal(0, server.RequestCount);
    }

    [Theory]
    [InlineData("https://x.com/someone/status/1604531452713377792", "1604531452713377792")]
    [InlineData("https://twitter.com/someone/status/1604531452713377792/video/1", "1604531452713377792")]
    [InlineData("https://mobile.twitter.com/i/web/status/42?s=20", "42")]
    [InlineData("https://www.x.com/a/statuses/7", "7")]
    [InlineData("https://notx.com/a/status/7", null)]
    [InlineData("https://x.com/someone", null)]
    public void Finds_tweet_ids_in_urls(string url, string? id)
    {
        Assert.Equal(id is not null, XSyndicationResolver.TryGetTweetId(new Uri(url), out var found));
        if (id is not null) Assert.Equal(id, found);
    }

    [Fact]
    public async Task Resolves_a_discovered_clip_by_its_page_url()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Tweet(StandardVariants)));
        var clip = new DiscoveredClip("999", "search", null, new Uri("https://x.com/a/status/1604531452713377792"), "t", null, DateTimeOffset.UnixEpoch);
        var r = await Resolver(server).ResolveAsync(clip, CancellationToken.None);
        Assert.True(r.Succeeded);
        Assert.Contains("id=1604531452713377792", server.Requests.Single().Query);
        var reddit = clip with { PostId = "abc", PageUrl = new Uri("https://streamable.com/x") };
        Assert.Equal(TweetVideoFailureKind.InvalidId, (await Resolver(server).ResolveAsync(reddit, CancellationToken.None)).FailureKind);
    }

    [Fact]
    public async Task Oversized_answer_is_refused()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{\"pad\":\"" + new string('x', 300_000) + "\"}"));
        var r = await Resolver(server, o => o.MaxResponseBytes = 64 * 1024).ResolveAsync("1", CancellationToken.None);
        Assert.Equal(TweetVideoFailureKind.Unavailable, r.FailureKind);
        Assert.Equal(SourceFailureKind.TooLarge, r.SourceFailure?.Kind);
    }
}
