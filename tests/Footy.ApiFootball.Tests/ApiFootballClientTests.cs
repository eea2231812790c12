using System.Diagnostics;
using System.Text;
using Footy.Domain.Fixtures;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Footy.ApiFootball.Tests;

public sealed class ApiFootballClientTests
{
    private static readonly string WcfEnvelope = Samples.Envelope("ids", "979139", [Samples.WorldCupFinal]);

    [Fact]
    public async Task Fixtures_by_ids_maps_every_field_and_sends_the_key()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, WcfEnvelope));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var s = Assert.Single(result.Value!);
        Assert.Equal(new FixtureId(979139), s.Id);
        Assert.Equal(new DateTimeOffset(2022, 12, 18, 15, 0, 0, TimeSpan.Zero), s.Kickoff);
        Assert.Equal("PEN", s.StatusShort);
        Assert.Equal(120, s.Elapsed);
        Assert.Equal(new LeagueRef(1, "World Cup", "World", 2022), s.League);
        Assert.Equal(new TeamRef(26, "Argentina"), s.Home);
        Assert.Equal(new TeamRef(2, "France"), s.Away);
        Assert.Equal(3, s.HomeGoals);
        Assert.Equal(3, s.AwayGoals);
        Assert.Equal(4, s.Events.Count);
        Assert.Equal(new MatchEvent(23, null, 26, "Argentina", 154, "L. Messi", null, null, "Goal", "Penalty", null), s.Events[0]);
        Assert.Equal(new MatchEvent(36, null, 26, "Argentina", 266, "Á. Di María", 5996, "A. Mac Allister", "Goal", "Normal Goal", null), s.Events[1]);
        Assert.Equal(new MatchEvent(45, 7, 2, "France", 22149, "O. Giroud", null, null, "subst", "Substitution 1", null), s.Events[2]);
        Assert.Equal("Penalty Shootout", s.Events[3].Comments);

        var request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/fixtures?ids=979139", request.PathAndQuery);
        Assert.Equal(Clients.Key, request.Headers["x-apisports-key"]);
    }

    [Fact]
    public async Task Fixtures_by_date_maps_fixtures_without_events_and_falls_back_to_the_timestamp()
    {
        var noDate = Samples.Fixture(1002, status: "NS", elapsed: null, home: null, away: null, eventsJson: null)
            .Replace("\"date\": \"2024-05-19T15:00:00+00:00\"", "\"date\": null");
        var offset = Samples.Fixture(1001, status: "NS", elapsed: null, home: null, away: null, eventsJson: null,
            date: "2024-05-19T17:30:00+02:00");
        await using var api = await FakeServer.StartAsync((ctx, _) =>
            FakeServer.Json(ctx, Samples.Envelope("date", "2024-05-19", [offset, noDate])));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByDateAsync(new DateOnly(2024, 5, 19), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("/fixtures?date=2024-05-19", Assert.Single(api.Requests).PathAndQuery);
        Assert.Equal(2, result.Value!.Count);
        var a = result.Value[0];
        Assert.Equal(new DateTimeOffset(2024, 5, 19, 17, 30, 0, TimeSpan.FromHours(2)), a.Kickoff);
        Assert.Equal(TimeSpan.FromHours(2), a.Kickoff.Offset);
        Assert.Equal("NS", a.StatusShort);
        Assert.Null(a.Elapsed);
        Assert.Null(a.HomeGoals);
        Assert.Null(a.AwayGoals);
        Assert.Empty(a.Events);
        Assert.Equal(new LeagueRef(39, "Premier League", "England", 2023), a.League);
        var b = result.Value[1];
        Assert.Equal(new DateTimeOffset(2024, 5, 19, 15, 0, 0, TimeSpan.Zero), b.Kickoff);
    }

    [Fact]
    public async Task The_key_is_sent_on_every_attempt_and_never_logged()
    {
        var logger = new ListLogger<ApiFootballClient>();
        await using var api = await FakeServer.StartAsync((ctx, n) => n switch
        {
            1 => FakeServer.Json(ctx, "{\"message\":\"oops\"}", 500),
            2 => FakeServer.Json(ctx, Samples.Envelope("ids", "979139", [], "{\"token\":\"Error/Missing application key\"}")),
            3 => FakeServer.Json(ctx, "not json at all"),
            4 => FakeServer.Json(ctx, Samples.Envelope("ids", "1", ["{\"fixture\":{\"id\":\"x\"}}"])),
            _ => Task.Delay(2000, ctx.RequestAborted),
        });
        var client = Clients.Create(api.BaseUrl, o => o.MaxRetries = 1, logger);
        var impatient = Clients.Create(api.BaseUrl, o => { o.MaxRetries = 1; o.RequestTimeout = TimeSpan.FromMilliseconds(150); }, logger);

        var first = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None); // 500 then error envelope
        var second = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);     // malformed
        var third = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);      // bad fixture skipped
        var fourth = await impatient.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);  // timeouts

        Assert.Equal(ApiFailureKind.ErrorEnvelope, first.Failure?.Kind);
        Assert.Equal(ApiFailureKind.Malformed, second.Failure?.Kind);
        Assert.True(third.Succeeded);
        Assert.Equal(ApiFailureKind.Timeout, fourth.Failure?.Kind);
        Assert.All(api.Requests, r => Assert.Equal(Clients.Key, r.Headers["x-apisports-key"]));
        Assert.True(logger.Entries.Count >= 5, "the scenario should have logged");
        Assert.DoesNotContain(logger.Entries, e => e.Everything.Contains(Clients.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_key_header_when_the_key_is_empty()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, WcfEnvelope));
        var client = Clients.Create(api.BaseUrl, o => o.ApiKey = "");
        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.False(Assert.Single(api.Requests).Headers.ContainsKey("x-apisports-key"));
    }

    [Theory]
    [InlineData("[]", null)]
    [InlineData("{}", null)]
    [InlineData("{\"requests\":\"You have reached the request limit for the day, Go to https://dashboard.api-football.com to upgrade your plan.\"}", "requests: You have reached the request limit for the day")]
    [InlineData("{\"token\":\"Error/Missing application key. Go to https://www.api-football.com/documentation-v3 to learn how to get your API application key.\"}", "token: Error/Missing application key")]
    [InlineData("[\"The Ids field must contain between 1 and 20 ids.\"]", "The Ids field must contain between 1 and 20 ids.")]
    [InlineData("{\"rateLimit\":\"Too many requests. Your rate limit is 10 requests per minute.\"}", "rateLimit: Too many requests")]
    public async Task Error_envelopes_are_failures_only_when_not_empty_and_are_not_retried(string errors, string? expected)
    {
        var fixtures = expected is null ? new[] { Samples.Fixture(5) } : Array.Empty<string>();
        await using var api = await FakeServer.StartAsync((ctx, _) =>
            FakeServer.Json(ctx, Samples.Envelope("ids", "5", fixtures, errors)));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByIdsAsync(Samples.F(5), CancellationToken.None);

        Assert.Equal(1, api.RequestCount);
        if (expected is null)
        {
            Assert.True(result.Succeeded);
            Assert.Equal(5, Assert.Single(result.Value!).Id.Value);
        }
        else
        {
            Assert.False(result.Succeeded);
            Assert.Null(result.Value);
            Assert.Equal(ApiFailureKind.ErrorEnvelope, result.Failure!.Kind);
            Assert.Equal(200, result.Failure.HttpStatus);
            Assert.Contains(expected, result.Failure.Message);
        }
    }

    [Fact]
    public async Task A_429_honours_Retry_After_then_succeeds()
    {
        await using var api = await FakeServer.StartAsync((ctx, n) => n == 1
            ? FakeServer.Json(ctx, "{\"message\":\"Too many requests\"}", 429, new Dictionary<string, string> { ["Retry-After"] = "1" })
            : FakeServer.Json(ctx, WcfEnvelope));
        var client = Clients.Create(api.BaseUrl, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));

        var sw = Stopwatch.StartNew();
        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, api.RequestCount);
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {sw.Elapsed}");
    }

    [Fact]
    public async Task Retry_After_is_capped_and_a_persistent_429_is_RateLimited()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) =>
            FakeServer.Json(ctx, "{\"message\":\"Too many requests\"}", 429, new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        var client = Clients.Create(api.BaseUrl, o => o.RetryAfterCap = TimeSpan.FromMilliseconds(20));

        var sw = Stopwatch.StartNew();
        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed}"); // an hour each without the cap
        Assert.Equal(3, api.RequestCount);
        Assert.Equal(ApiFailureKind.RateLimited, result.Failure!.Kind);
        Assert.Equal(429, result.Failure.HttpStatus);
    }

    [Fact]
    public void Default_Retry_After_cap_is_30_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(30), new ApiFootballOptions().RetryAfterCap);

    [Fact]
    public async Task A_5xx_is_retried_then_succeeds_and_every_response_is_observed()
    {
        var traffic = new TrafficLog();
        await using var api = await FakeServer.StartAsync((ctx, n) => n switch
        {
            1 => FakeServer.Json(ctx, "{\"message\":\"Internal error\"}", 500),
            2 => FakeServer.Json(ctx, "<html>bad gateway</html>", 502),
            _ => FakeServer.Json(ctx, WcfEnvelope),
        });
        var client = Clients.Create(api.BaseUrl, observer: traffic);

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, api.RequestCount);
        Assert.Equal([500, 502, 200], traffic.Seen.Select(t => t.HttpStatus));
        Assert.All(traffic.Seen, t =>
        {
            Assert.Equal(ApiRequestKind.FixturesByIds, t.Kind);
            Assert.Equal(Samples.F(979139), t.Ids);
            Assert.Null(t.Date);
        });
        Assert.Equal(WcfEnvelope, traffic.Seen.Last().Body);
        Assert.Equal("<html>bad gateway</html>", traffic.Seen.ElementAt(1).Body);
    }

    [Fact]
    public async Task A_persistent_5xx_fails_as_Http_after_the_retries()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{\"message\":\"down\"}", 503));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByDateAsync(new DateOnly(2024, 5, 19), CancellationToken.None);

        Assert.Equal(3, api.RequestCount);
        Assert.Equal(ApiFailureKind.Http, result.Failure!.Kind);
        Assert.Equal(503, result.Failure.HttpStatus);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_4xx_other_than_429_is_not_retried(int status)
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{\"message\":\"no\"}", status));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(1, api.RequestCount);
        Assert.Equal(ApiFailureKind.Http, result.Failure!.Kind);
        Assert.Equal(status, result.Failure.HttpStatus);
    }

    [Fact]
    public async Task A_slow_upstream_times_out_each_attempt()
    {
        await using var api = await FakeServer.StartAsync(async (ctx, _) =>
        {
            try { await Task.Delay(120_000, ctx.RequestAborted); } catch (OperationCanceledException) { }
        });
        var client = Clients.Create(api.BaseUrl, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(150); o.MaxRetries = 1; });

        var sw = Stopwatch.StartNew();
        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}"); // two minutes each without the timeout
        Assert.Equal(2, api.RequestCount);
        Assert.Equal(ApiFailureKind.Timeout, result.Failure!.Kind);
        Assert.Null(result.Failure.HttpStatus);
    }

    [Fact]
    public async Task A_timeout_is_retried_and_can_then_succeed()
    {
        await using var api = await FakeServer.StartAsync(async (ctx, n) =>
        {
            if (n == 1)
            {
                try { await Task.Delay(3000, ctx.RequestAborted); } catch (OperationCanceledException) { }
                return;
            }
            await FakeServer.Json(ctx, WcfEnvelope);
        });
        var client = Clients.Create(api.BaseUrl, o => o.RequestTimeout = TimeSpan.FromMilliseconds(1000));

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, api.RequestCount);
    }

    [Fact]
    public async Task A_body_that_stalls_midway_times_out()
    {
        await using var api = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync("{\"get\":\"fixtures\","u8.ToArray());
            await ctx.Response.Body.FlushAsync();
            try { await Task.Delay(3000, ctx.RequestAborted); } catch (OperationCanceledException) { }
        });
        var client = Clients.Create(api.BaseUrl, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; });

        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(ApiFailureKind.Timeout, result.Failure!.Kind);
    }

    [Fact]
    public async Task Connection_refused_is_a_Network_failure_after_the_retries()
    {
        int port;
        await using (var gone = await FakeServer.StartAsync()) port = gone.BaseUrl.Port;
        var client = Clients.Create(new Uri($"http://127.0.0.1:{port}/"));

        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(ApiFailureKind.Network, result.Failure!.Kind);
        Assert.Null(result.Failure.HttpStatus);
        Assert.Equal(RateLimitInfo.None, result.RateLimit);
    }

    [Theory]
    [InlineData("{\"get\":\"fixtures\",\"response\":[", "not JSON")]
    [InlineData("[1,2,3]", "not an envelope")]
    [InlineData("{\"get\":\"fixtures\",\"errors\":[],\"results\":0}", "no response array")]
    [InlineData("", "not JSON")]
    public async Task A_malformed_body_is_Malformed_and_not_retried(string body, string expected)
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(1, api.RequestCount);
        Assert.Equal(ApiFailureKind.Malformed, result.Failure!.Kind);
        Assert.Contains(expected, result.Failure.Message);
    }

    [Fact]
    public async Task Malformed_fixtures_inside_a_good_envelope_are_skipped_with_a_warning()
    {
        var logger = new ListLogger<ApiFootballClient>();
        var noStatus = Samples.Fixture(7002).Replace("\"short\": \"1H\"", "\"short\": null");
        var noHome = Samples.Fixture(7003).Replace("\"home\": { \"id\": 42,", "\"home\": { \"id\": null,");
        var badEvent = Samples.Fixture(7004, eventsJson: "[{\"time\":{\"elapsed\":null},\"type\":\"Goal\"}, " +
                                                         Samples.Goal(12, 42, "Arsenal", 1100, "B. Saka") + "]");
        var body = Samples.Envelope("ids", "7001-7002-7003-7004-7005",
            [Samples.Fixture(7001), noStatus, noHome, "\"oops\"", badEvent]);
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, body));
        var client = Clients.Create(api.BaseUrl, logger: logger);

        var result = await client.GetFixturesByIdsAsync(Samples.F(7001, 7002, 7003, 7004, 7005), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([7001L, 7004L], result.Value!.Select(s => s.Id.Value));
        var goal = Assert.Single(result.Value![1].Events);
        Assert.Equal("B. Saka", goal.PlayerName);
        var warnings = logger.Warnings.ToList();
        Assert.Contains(warnings, w => w.Contains("7002") && w.Contains("status.short"));
        Assert.Contains(warnings, w => w.Contains("7003") && w.Contains("teams.home.id"));
        Assert.Contains(warnings, w => w.Contains("not an object"));
        Assert.Contains(warnings, w => w.Contains("7004") && w.Contains("time.elapsed"));
    }

    [Fact]
    public async Task An_oversize_body_is_TooLarge_whether_declared_or_streamed()
    {
        var big = Samples.Envelope("ids", "1", [Samples.Fixture(1, eventsJson: "[" +
            string.Join(",", Enumerable.Range(1, 40).Select(i => Samples.Goal(i, 42, "Arsenal", i, "Player " + i))) + "]")]);
        Assert.True(Encoding.UTF8.GetByteCount(big) > 4096);
        var traffic = new TrafficLog();
        await using var api = await FakeServer.StartAsync(async (ctx, n) =>
        {
            if (n == 1)
            {
                await FakeServer.Json(ctx, big); // with Content-Length
                return;
            }
            ctx.Response.ContentType = "application/json"; // chunked, no Content-Length
            var bytes = Encoding.UTF8.GetBytes(big);
            for (var i = 0; i < bytes.Length; i += 1000)
            {
                await ctx.Response.Body.WriteAsync(bytes.AsMemory(i, Math.Min(1000, bytes.Length - i)));
                await ctx.Response.Body.FlushAsync();
            }
        });
        var client = Clients.Create(api.BaseUrl, o => o.MaxResponseBytes = 4096, observer: traffic);

        var declared = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);
        var streamed = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(ApiFailureKind.TooLarge, declared.Failure!.Kind);
        Assert.Equal(ApiFailureKind.TooLarge, streamed.Failure!.Kind);
        Assert.Equal(2, api.RequestCount); // not retried
        Assert.Empty(traffic.Seen);        // no complete body to observe
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_short_circuits_then_recovers()
    {
        var failing = true;
        await using var api = await FakeServer.StartAsync((ctx, _) =>
            failing ? FakeServer.Json(ctx, "{\"message\":\"down\"}", 500) : FakeServer.Json(ctx, WcfEnvelope));
        var client = Clients.Create(api.BaseUrl, o =>
        {
            o.MaxRetries = 0;
            o.CircuitMinimumThroughput = 4;
            o.CircuitFailureRatio = 0.5;
            o.CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        });

        Assert.Equal(CircuitStatus.Closed, client.Circuit);
        for (var i = 0; i < 4; i++)
            Assert.Equal(ApiFailureKind.Http, (await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None)).Failure?.Kind);
        Assert.Equal(CircuitStatus.Open, client.Circuit);

        var refused = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        var refusedDate = await client.GetFixturesByDateAsync(new DateOnly(2022, 12, 18), CancellationToken.None);
        Assert.Equal(ApiFailureKind.CircuitOpen, refused.Failure!.Kind);
        Assert.Equal(ApiFailureKind.CircuitOpen, refusedDate.Failure!.Kind);
        Assert.Null(refused.Failure.HttpStatus);
        Assert.Equal(4, api.RequestCount); // nothing sent while open

        failing = false;
        await Task.Delay(650);
        Assert.Equal(CircuitStatus.HalfOpen, client.Circuit);
        var probe = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        Assert.True(probe.Succeeded);
        Assert.Equal(CircuitStatus.Closed, client.Circuit);
        Assert.Equal(5, api.RequestCount);
    }

    [Fact]
    public async Task Error_envelopes_count_towards_the_breaker()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx,
            Samples.Envelope("ids", "1", [], "{\"requests\":\"You have reached the request limit for the day\"}")));
        var client = Clients.Create(api.BaseUrl, o => { o.CircuitMinimumThroughput = 3; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); });

        for (var i = 0; i < 3; i++)
            Assert.Equal(ApiFailureKind.ErrorEnvelope, (await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Failure?.Kind);

        Assert.Equal(CircuitStatus.Open, client.Circuit);
        Assert.Equal(ApiFailureKind.CircuitOpen, (await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Failure?.Kind);
        Assert.Equal(3, api.RequestCount);
    }

    [Fact]
    public async Task A_circuit_opening_during_retries_reports_the_upstream_failure_not_CircuitOpen()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{}", 500));
        var client = Clients.Create(api.BaseUrl, o => { o.MaxRetries = 5; o.CircuitMinimumThroughput = 2; o.CircuitBreakDuration = TimeSpan.FromSeconds(30); });

        var result = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(2, api.RequestCount);
        Assert.Equal(ApiFailureKind.Http, result.Failure!.Kind);
        Assert.Equal(500, result.Failure.HttpStatus);
        Assert.Equal(CircuitStatus.Open, client.Circuit);
    }

    [Fact]
    public async Task Rate_limit_headers_are_read_on_success_and_failure()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ratelimit-requests-limit"] = "7500",
            ["x-ratelimit-requests-remaining"] = "7412",
            ["X-RateLimit-Limit"] = "300",
            ["X-RateLimit-Remaining"] = "299",
        };
        await using var api = await FakeServer.StartAsync((ctx, n) => n switch
        {
            1 => FakeServer.Json(ctx, WcfEnvelope, 200, headers),
            2 => FakeServer.Json(ctx, Samples.Envelope("ids", "1", [], "{\"requests\":\"limit\"}"), 200,
                new Dictionary<string, string> { ["x-ratelimit-requests-limit"] = "100", ["x-ratelimit-requests-remaining"] = "0", ["X-RateLimit-Limit"] = "ten" }),
            _ => FakeServer.Json(ctx, WcfEnvelope),
        });
        var client = Clients.Create(api.BaseUrl);

        var ok = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        var exhausted = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        var bare = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.Equal(new RateLimitInfo(7500, 7412, 300, 299), ok.RateLimit);
        Assert.Equal(new RateLimitInfo(100, 0, null, null), exhausted.RateLimit);
        Assert.False(exhausted.Succeeded);
        Assert.Equal(RateLimitInfo.None, bare.RateLimit);
    }

    [Fact]
    public async Task Id_counts_outside_1_to_MaxIdsPerCall_are_rejected_without_a_request()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, Samples.Envelope("ids", "1", [])));
        var client = Clients.Create(api.BaseUrl);
        var small = Clients.Create(api.BaseUrl, o => o.MaxIdsPerCall = 5);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.GetFixturesByIdsAsync(Samples.F(Enumerable.Range(1, 21).Select(i => (long)i).ToArray()), CancellationToken.None));
        Assert.Contains("21", ex.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetFixturesByIdsAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => small.GetFixturesByIdsAsync(Samples.F(1, 2, 3, 4, 5, 6), CancellationToken.None));
        Assert.Equal(0, api.RequestCount);

        var twenty = await client.GetFixturesByIdsAsync(Samples.F(Enumerable.Range(1, 20).Select(i => (long)i).ToArray()), CancellationToken.None);
        Assert.True(twenty.Succeeded);
        Assert.Equal("/fixtures?ids=" + string.Join("-", Enumerable.Range(1, 20)), Assert.Single(api.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_throws()
    {
        await using var api = await FakeServer.StartAsync(async (ctx, _) =>
        {
            try { await Task.Delay(3000, ctx.RequestAborted); } catch (OperationCanceledException) { }
        });
        var client = Clients.Create(api.BaseUrl);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetFixturesByIdsAsync(Samples.F(1), cts.Token));
        Assert.Equal(1, api.RequestCount);
    }

    [Fact]
    public async Task A_base_url_without_trailing_slash_and_a_path_still_resolves_fixtures_under_it()
    {
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, WcfEnvelope));
        var client = Clients.Create(new Uri(api.BaseUrl, "v3"));

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("/v3/fixtures?ids=979139", Assert.Single(api.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData(nameof(ApiFootballOptions.MaxIdsPerCall), "ApiFootball:MaxIdsPerCall must be between 1 and 20")]
    [InlineData(nameof(ApiFootballOptions.MaxRetries), "ApiFootball:MaxRetries")]
    [InlineData(nameof(ApiFootballOptions.RequestTimeout), "ApiFootball:RequestTimeout")]
    [InlineData(nameof(ApiFootballOptions.CircuitFailureRatio), "ApiFootball:CircuitFailureRatio")]
    [InlineData(nameof(ApiFootballOptions.CircuitMinimumThroughput), "ApiFootball:CircuitMinimumThroughput")]
    [InlineData(nameof(ApiFootballOptions.CircuitBreakDuration), "ApiFootball:CircuitBreakDuration")]
    [InlineData(nameof(ApiFootballOptions.MaxResponseBytes), "ApiFootball:MaxResponseBytes")]
    [InlineData(nameof(ApiFootballOptions.BaseUrl), "ApiFootball:BaseUrl")]
    public void Validate_names_the_bad_setting(string setting, string expected)
    {
        var o = new ApiFootballOptions();
        o.Validate(); // defaults are valid
        switch (setting)
        {
            case nameof(o.MaxIdsPerCall): o.MaxIdsPerCall = 21; break;
            case nameof(o.MaxRetries): o.MaxRetries = -1; break;
            case nameof(o.RequestTimeout): o.RequestTimeout = TimeSpan.Zero; break;
            case nameof(o.CircuitFailureRatio): o.CircuitFailureRatio = 1.5; break;
            case nameof(o.CircuitMinimumThroughput): o.CircuitMinimumThroughput = 1; break;
            case nameof(o.CircuitBreakDuration): o.CircuitBreakDuration = TimeSpan.FromMilliseconds(10); break;
            case nameof(o.MaxResponseBytes): o.MaxResponseBytes = 0; break;
            case nameof(o.BaseUrl): o.BaseUrl = new Uri("ftp://example.org/"); break;
        }
        var ex = Assert.Throws<ArgumentException>(o.Validate);
        Assert.Contains(expected, ex.Message);
        Assert.Throws<ArgumentException>(() => new ApiFootballClient(new HttpClient(), o, new ListLogger<ApiFootballClient>(), TimeProvider.System));
    }
}
