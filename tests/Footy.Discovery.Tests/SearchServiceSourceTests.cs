using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.AspNetCore.Http;

namespace Footy.Discovery.Tests;

public sealed class SearchServiceSourceTests
{
    private static readonly DateTimeOffset Since = new(2022, 12, 18, 15, 20, 0, TimeSpan.Zero);

    private static string PostJson(string id, string text, DateTimeOffset at, string? video = "https://video.twimg.com/a.mp4", string? page = null, string? author = "someone") =>
        JsonSerializer.Serialize(new { id, text, author, posted_at = at.ToString("O"), video_url = video, page_url = page });

    private static string Posts(params string[] posts) => "{\"posts\":[" + string.Join(",", posts) + "]}";

    private static SearchServiceSource Source(FakeServer server, Action<SearchServiceOptions>? tweak = null, ListLogger<SearchServiceSource>? logger = null)
    {
        var o = new SearchServiceOptions
        {
            BaseUrl = server.BaseUrl,
            RequestTimeout = TimeSpan.FromSeconds(2),
            OverallTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryAfterCap = TimeSpan.FromMilliseconds(50),
            CircuitMinimumThroughput = 100,
            CircuitBreakDuration = TimeSpan.FromSeconds(1),
        };
        tweak?.Invoke(o);
        return new SearchServiceSource(new HttpClient(), o, new GoalSearch(TeamAliases.Empty), logger ?? new ListLogger<SearchServiceSource>());
    }

    private static string Q(SeenRequest r, string name) => HttpUtility.ParseQueryString(r.Query)[name]!;

    [Fact]
    public async Task Sends_each_query_with_since_limit_and_token_and_merges_results_in_query_order()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) =>
        {
            var q = ctx.Request.Query["q"].ToString();
            return FakeServer.Json(ctx, q switch
            {
                "Messi Argentina" => Posts(PostJson("1", "Messi from the spot! Argentina 1-0 France", Since.AddMinutes(2)),
                                           PostJson("2", "MESSI PENALTY", Since.AddMinutes(3), video: null, page: "https://x.com/a/status/2")),
                "Messi goal" => Posts(PostJson("2", "dup", Since.AddMinutes(3)), PostJson("3", "Messi goal", Since.AddMinutes(1))),
                _ => Posts(),
            });
        });
        var source = Source(server, o => o.BearerToken = "s3cret");

        var r = await source.SearchAsync(Samples.Messi(Since.AddSeconds(0.7)), Samples.NoneSeen, CancellationToken.None);

        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(["1", "2", "3"], r.Clips.Select(c => c.PostId));
        Assert.Equal("search", r.Clips[0].Source);
        Assert.Equal(new Uri("https://video.twimg.com/a.mp4"), r.Clips[0].VideoUrl);
        Assert.Null(r.Clips[1].VideoUrl);
        Assert.Equal(new Uri("https://x.com/a/status/2"), r.Clips[1].PageUrl);
        Assert.Equal("someone", r.Clips[0].Author);
        Assert.Equal(Since.AddMinutes(2), r.Clips[0].PostedAt);

        var requests = server.Requests.ToList();
        Assert.Equal(["Messi Argentina", "Messi goal", "Messi France", "Argentina France"], requests.Select(x => Q(x, "q")));
        Assert.All(requests, x =>
        {
            Assert.Equal("/search", x.Path);
            Assert.Equal("2022-12-18T15:20:00Z", Q(x, "since"));   // whole seconds, rounded down
            Assert.Equal("20", Q(x, "limit"));
            Assert.Equal("Bearer s3cret", x.Headers["authorization"]);
            Assert.Contains("application/json", x.Headers["accept"]);
        });
    }

    [Fact]
    public async Task Drops_posts_before_since_already_seen_or_without_urls_and_caps()
    {
        var posts = new List<string>
        {
            PostJson("old", "Messi", Since.AddSeconds(-1)),
            PostJson("seen", "Messi", Since.AddMinutes(1)),
            PostJson("nourl", "Messi", Since.AddMinutes(1), video: null, page: null),
            PostJson("badurl", "Messi", Since.AddMinutes(1), video: "file:///etc/passwd", page: "ftp://x"),
        };
        posts.AddRange(Enumerable.Range(1, 30).Select(i => PostJson("n" + i, "Messi", Since.AddMinutes(i))));
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Posts(posts.ToArray())));
        var source = Source(server, o => o.MaxResults = 7);

        var r = await source.SearchAsync(Samples.Messi(Since), new HashSet<string> { "seen", "n2" }, CancellationToken.None);

        Assert.Equal(["n1", "n3", "n4", "n5", "n6", "n7", "n8"], r.Clips.Select(c => c.PostId));
        Assert.Equal(1, server.RequestCount); // the cap was reached with the first query
        Assert.All(server.Requests, x => Assert.Equal("7", Q(x, "limit")));
    }

    [Fact]
    public async Task Reads_posts_leniently()
    {
        var body = """
            {"next": "ignored", "posts": [
              1, "x", null, [],
              {"text": "no id", "posted_at": "2022-12-18T15:30:00Z", "video_url": "https://v/a.mp4"},
              {"id": "no-time", "video_url": "https://v/a.mp4"},
              {"id": "bad-time", "posted_at": "yesterday", "video_url": "https://v/a.mp4"},
              {"id": 1604531452713377792, "posted_at": 1671377400, "video_url": "https://v/b.mp4", "text": 42},
              {"id": "ms", "posted_at": 1671377400000, "page_url": "https://x.com/u/status/9", "author": ["x"], "extra": {"deep": [1,2,3]}},
              {"id": "offset", "posted_at": "2022-12-18T16:30:00+01:00", "video_url": "https://v/c.mp4", "text": "Messi ⚽🔥", "author": null},
              {"id": "", "posted_at": "2022-12-18T15:30:00Z", "video_url": "https://v/a.mp4"}
            ]}
            """;
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        var r = await Source(server, o => o.MaxResults = 50).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);

        Assert.True(r.Succeeded);
        Assert.Equal(["1604531452713377792", "ms", "offset"], r.Clips.Select(c => c.PostId));
        Assert.Equal("", r.Clips[0].Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1671377400), r.Clips[0].PostedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1671377400), r.Clips[1].PostedAt);
        Assert.Null(r.Clips[1].Author);
        Assert.Equal(new DateTimeOffset(2022, 12, 18, 15, 30, 0, TimeSpan.Zero), r.Clips[2].PostedAt);
    }

    [Fact]
    public async Task Long_texts_are_cut()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Posts(PostJson("1", new string('a', 10_000), Since))));
        var r = await Source(server, o => o.MaxTextChars = 100).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(100, r.Clips.Single().Text.Length);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Log in to X</body></html>", "text/html")]
    [InlineData("{\"posts\": {\"id\": 1}}", "application/json")]
    [InlineData("{\"error\": \"browser crashed\"}", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("{\"posts\": [", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("\u0000\u0001\u0002", "application/octet-stream")]
    public async Task Garbage_answers_are_malformed(string body, string type)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Send(ctx, 200, type, Encoding.UTF8.GetBytes(body)));
        var r = await Source(server).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.Malformed, r.Failure?.Kind);
        Assert.Equal(4, server.RequestCount); // malformed is not retried, each query tried once
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_not_overflowed()
    {
        var deep = "{\"posts\":[" + new string('[', 5000) + new string(']', 5000) + "]}";
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, deep));
        var r = await Source(server).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.Malformed, r.Failure?.Kind);
    }

    [Fact]
    public async Task Huge_declared_body_is_refused_without_reading_it()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = 50_000_000;
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"posts\":["));
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(120_000, ctx.RequestAborted);
        });
        var sw = Stopwatch.StartNew();
        var r = await Source(server).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.TooLarge, r.Failure?.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString()); // reading the body would wait two minutes
    }

    [Fact]
    public async Task Endless_chunked_body_stops_at_the_cap()
    {
        // Endless as far as the client can tell (the server gives up after 4 GB, long after any sane cap).
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"posts\":[\""));
            var chunk = Encoding.UTF8.GetBytes(new string('a', 64 * 1024));
            for (var i = 0; i < 65536 && !ctx.RequestAborted.IsCancellationRequested; i++)
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        });
        var sw = Stopwatch.StartNew();
        var r = await Source(server, o => o.MaxResponseBytes = 256 * 1024).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.TooLarge, r.Failure?.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task A_huge_answer_is_read_only_up_to_the_per_response_post_cap()
    {
        // 5000 posts in every answer: only the first 50 of each are read, so at most 50 distinct clips exist.
        var body = Posts(Enumerable.Range(1, 5000).Select(i => PostJson("p" + i, "Messi", Since.AddSeconds(i))).ToArray());
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));

        var r = await Source(server, o => { o.MaxPostsPerResponse = 50; o.MaxResults = 500; })
            .SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);

        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(Enumerable.Range(1, 50).Select(i => "p" + i), r.Clips.Select(c => c.PostId));
        Assert.Equal(4, server.RequestCount); // every query asked once: the result cap was never reached
    }

    [Fact]
    public async Task The_bearer_token_never_reaches_logs_or_failures_even_when_the_service_echoes_it()
    {
        const string token = "sk-search-7d1e4b9a";
        var logger = new ListLogger<SearchServiceSource>();
        await using var server = await FakeServer.StartAsync((ctx, n) => n == 1
            ? FakeServer.Json(ctx, $"{{\"error\":\"bad request from {token}\"}}")
            : FakeServer.Json(ctx, $"{{\"error\":\"token {token} revoked\"}}", 401));

        var r = await Source(server, o => o.BearerToken = token, logger).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);

        Assert.Equal(SourceFailureKind.Unauthorized, r.Failure!.Kind);
        Assert.Equal("HTTP 401 Unauthorized: {\"error\":\"token [redacted] revoked\"}", r.Failure.Message);
        Assert.Equal(2, server.RequestCount); // malformed answer: next query; 401: stop
        Assert.All(server.Requests, q => Assert.Equal("Bearer " + token, q.Headers["authorization"]));
        Assert.Contains(logger.Entries, e => e.Message.Contains("bad request from [redacted]"));
        Assert.DoesNotContain(logger.Entries, e => e.Everything.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Partial_failure_is_success_with_what_answered()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) =>
            ctx.Request.Query["q"] == "Messi Argentina"
                ? FakeServer.Json(ctx, "{\"error\":\"search engine down\"}", 500)
                : FakeServer.Json(ctx, Posts(PostJson("a", "Messi", Since.AddMinutes(1)))));
        var logger = new ListLogger<SearchServiceSource>();
        var r = await Source(server, logger: logger).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.True(r.Succeeded);
        Assert.Equal(["a"], r.Clips.Select(c => c.PostId));
        Assert.Equal(3 + 3, server.RequestCount); // 1 + 2 retries of the failing query, then 3 queries
        Assert.Contains("search engine down", logger.All);
    }

    [Theory]
    [InlineData(401, SourceFailureKind.Unauthorized, 1)]
    [InlineData(403, SourceFailureKind.Unauthorized, 1)]
    [InlineData(404, SourceFailureKind.NotFound, 1)]
    [InlineData(400, SourceFailureKind.Http, 4)]
    [InlineData(503, SourceFailureKind.Http, 12)]
    [InlineData(429, SourceFailureKind.RateLimited, 12)]
    public async Task Http_errors_are_typed_and_retried_only_when_it_can_help(int status, SourceFailureKind kind, int requests)
    {
        await using var server = await FakeServer.StartAsync((ctx, _) =>
            FakeServer.Json(ctx, "{\"error\":\"nope\"}", status, new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        var sw = Stopwatch.StartNew();
        var r = await Source(server).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(kind, r.Failure?.Kind);
        Assert.Equal(status, r.Failure?.HttpStatus);
        Assert.Equal(requests, server.RequestCount);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "Retry-After must be capped: " + sw.Elapsed);
    }

    [Fact]
    public async Task Slow_service_times_out_per_attempt_and_overall()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) => await Task.Delay(120_000, ctx.RequestAborted));
        var sw = Stopwatch.StartNew();
        var r = await Source(server, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.OverallTimeout = TimeSpan.FromMilliseconds(900);
        }).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.Timeout, r.Failure?.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task A_trickling_answer_is_cut_by_the_per_attempt_time_limit()
    {
        var body = Encoding.UTF8.GetBytes(Posts(PostJson("1", "Messi", Since.AddMinutes(1))));
        await using var server = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted); // headers at once, then a byte every 20 ms
            foreach (var b in body)
            {
                await ctx.Response.Body.WriteAsync(new[] { b }, ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(20, ctx.RequestAborted);
            }
        });

        var logger = new ListLogger<SearchServiceSource>();
        var r = await Source(server, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; }, logger)
            .SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);

        Assert.Equal(SourceFailureKind.Timeout, r.Failure?.Kind);
        Assert.Equal("no complete answer within 0.2 s", r.Failure?.Message);
        // Each of the 4 queries tried once (no retries), each cut at the limit.
        Assert.Equal(4, logger.Entries.Count(e => e.Message.EndsWith("failed: Timeout: no complete answer within 0.2 s")));
        Assert.InRange(server.RequestCount, 1, 4);
    }

    [Fact]
    public async Task Connection_refused_is_a_network_failure()
    {
        var server = await FakeServer.StartAsync();
        var url = server.BaseUrl;
        await server.DisposeAsync();
        var o = new SearchServiceOptions { BaseUrl = url, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromSeconds(2) };
        var r = await new SearchServiceSource(new HttpClient(), o, new GoalSearch(TeamAliases.Empty), new ListLogger<SearchServiceSource>())
            .SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.Network, r.Failure?.Kind);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_then_sends_nothing()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{}", 502));
        var source = Source(server, o =>
        {
            o.MaxRetries = 0;
            o.CircuitMinimumThroughput = 3;
            o.CircuitFailureRatio = 0.5;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
        });
        var first = await source.SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        var sentBefore = server.RequestCount;
        var second = await source.SearchAsync(Samples.Messi(Since), Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(SourceFailureKind.CircuitOpen, second.Failure?.Kind);
        Assert.Equal(sentBefore, server.RequestCount);
        Assert.True(sentBefore <= 4);
        Assert.False(first.Succeeded);
    }

    [Fact]
    public async Task Not_configured_sends_nothing_and_bad_options_are_refused()
    {
        var off = new SearchServiceSource(new HttpClient(), new SearchServiceOptions(), new GoalSearch(TeamAliases.Empty), new ListLogger<SearchServiceSource>());
        Assert.Equal(SourceFailureKind.NotConfigured, (await off.SearchAsync(Samples.Messi(), Samples.NoneSeen, CancellationToken.None)).Failure?.Kind);
        Assert.Throws<ArgumentException>(() => new SearchServiceOptions { BaseUrl = new Uri("ftp://x/") }.Validate());
        Assert.Throws<ArgumentException>(() => new SearchServiceOptions { MaxResults = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new SearchServiceOptions { BearerToken = "a\nb" }.Validate());
        Assert.Throws<ArgumentException>(() => new SearchServiceOptions { RequestTimeout = TimeSpan.FromMinutes(2), OverallTimeout = TimeSpan.FromMinutes(1) }.Validate());
    }

    [Fact]
    public async Task Caller_cancellation_throws()
    {
        await using var server = await FakeServer.StartAsync(async (ctx, _) => await Task.Delay(10_000, ctx.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Source(server).SearchAsync(Samples.Messi(Since), Samples.NoneSeen, cts.Token));
    }

    [Fact]
    public void Query_urls_escape_words()
    {
        var o = new SearchServiceOptions { BaseUrl = new Uri("http://sidecar:8080/api") };
        var s = new SearchServiceSource(new HttpClient(), o, new GoalSearch(TeamAliases.Empty), new ListLogger<SearchServiceSource>());
        var uri = s.BuildUri("Mbappé & co #ARG", new DateTimeOffset(2022, 12, 18, 16, 20, 30, 999, TimeSpan.FromHours(1)));
        Assert.Equal("http://sidecar:8080/api/search?q=Mbapp%C3%A9%20%26%20co%20%23ARG&since=2022-12-18T15%3A20%3A30Z&limit=20", uri.AbsoluteUri);
    }
}
