using System.Text;
using Footy.Domain.Fixtures;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Footy.ApiFootball.Tests;

/// <summary>
/// Upstream faults served by a local fault-injecting server: storms must stay a handful of requests, slow and cut bodies
/// must end as typed failures, and the client must work again by itself once the upstream does.
/// </summary>
public sealed class ApiFootballFaultTests
{
    private static readonly string Final = Samples.Envelope("ids", "979139", [Samples.WorldCupFinal]);

    /// <summary>The storm's breaker: opens after 4 failed attempts at any failure ratio, stays open far longer than a test.</summary>
    private static void StormBreaker(ApiFootballOptions o)
    {
        o.MaxRetries = 2;
        o.CircuitMinimumThroughput = 4;
        o.CircuitFailureRatio = 0.5;
        o.CircuitBreakDuration = TimeSpan.FromSeconds(60);
    }

    [Fact]
    public async Task A_429_storm_opens_the_circuit_after_four_requests_however_many_calls_follow()
    {
        var logger = new ListLogger<ApiFootballClient>();
        await using var api = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, "{\"message\":\"Too many requests\"}", 429,
            new Dictionary<string, string> { ["Retry-After"] = "0" }));
        var client = Clients.Create(api.BaseUrl, StormBreaker, logger);

        var results = new List<ApiCallResult<IReadOnlyList<FixtureSnapshot>>>();
        for (var i = 0; i < 50; i++)
            results.Add(await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None));

        // Call 1: 3 attempts; call 2: its first attempt is the 4th failure, which opens the circuit; then nothing is sent.
        Assert.Equal(4, api.RequestCount);
        Assert.Equal([ApiFailureKind.RateLimited, ApiFailureKind.RateLimited], results.Take(2).Select(r => r.Failure!.Kind));
        Assert.All(results.Skip(2), r => Assert.Equal(ApiFailureKind.CircuitOpen, r.Failure!.Kind));
        Assert.Equal(CircuitStatus.Open, client.Circuit);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("circuit opened"));
    }

    [Fact]
    public async Task A_5xx_storm_hit_by_concurrent_callers_never_sends_more_than_the_breaker_sample_plus_one_per_caller()
    {
        await using var api = await FakeServer.StartAsync(async (ctx, _) =>
        {
            await Task.Delay(20, ctx.RequestAborted); // keep attempts overlapping
            await FakeServer.Json(ctx, "<html>502 Bad Gateway</html>", 502);
        });
        var client = Clients.Create(api.BaseUrl, StormBreaker);
        const int callers = 20;

        var storm = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ =>
            client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None)));
        var sentDuringStorm = api.RequestCount;
        var after = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            client.GetFixturesByDateAsync(new DateOnly(2022, 12, 18), CancellationToken.None)));

        // Once 4 failures are recorded no new attempt starts: at most the 3 before that plus one in flight per caller.
        Assert.InRange(sentDuringStorm, 4, 3 + callers);
        Assert.All(storm, r => Assert.Contains(r.Failure!.Kind, new[] { ApiFailureKind.Http, ApiFailureKind.CircuitOpen }));
        Assert.All(after, r => Assert.Equal(ApiFailureKind.CircuitOpen, r.Failure!.Kind));
        Assert.Equal(sentDuringStorm, api.RequestCount);
    }

    [Fact]
    public async Task After_a_storm_the_client_recovers_alone_when_the_upstream_comes_back()
    {
        var down = true;
        await using var api = await FakeServer.StartAsync((ctx, _) =>
            Volatile.Read(ref down) ? FakeServer.Json(ctx, "{\"message\":\"maintenance\"}", 503) : FakeServer.Json(ctx, Final));
        var client = Clients.Create(api.BaseUrl, o =>
        {
            StormBreaker(o);
            o.CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        });

        for (var i = 0; i < 10; i++)
            Assert.False((await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None)).Succeeded);
        Assert.Equal(4, api.RequestCount);
        Volatile.Write(ref down, false);

        // Nobody resets anything: the next call after the break probes, succeeds and closes the circuit.
        await WaitUntil(() => client.Circuit == CircuitStatus.HalfOpen);
        var back = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);
        var next = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.True(back.Succeeded, back.Failure?.Message);
        Assert.True(next.Succeeded, next.Failure?.Message);
        Assert.Equal(979139, Assert.Single(next.Value!).Id.Value);
        Assert.Equal(CircuitStatus.Closed, client.Circuit);
        Assert.Equal(6, api.RequestCount);
    }

    [Fact]
    public async Task A_slowloris_body_trickling_a_byte_at_a_time_times_out_each_attempt()
    {
        var bytes = Encoding.UTF8.GetBytes(Final);
        await using var api = await FakeServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted); // headers now, then a byte every 20 ms
            foreach (var b in bytes)
            {
                await ctx.Response.Body.WriteAsync(new[] { b }, ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(20, ctx.RequestAborted);
            }
        });
        var traffic = new TrafficLog();
        var logger = new ListLogger<ApiFootballClient>();
        var client = Clients.Create(api.BaseUrl, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(300); o.MaxRetries = 1; }, logger, traffic);

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.Equal(ApiFailureKind.Timeout, result.Failure!.Kind);
        Assert.Equal("no complete answer within 0.3 s", result.Failure.Message);
        Assert.Contains(logger.Entries, e => e.Message.Contains("failed after 2 attempt(s): Timeout"));
        Assert.InRange(api.RequestCount, 1, 2); // an attempt cut before its request reached the server is not counted there
        Assert.Empty(traffic.Seen); // no complete body was ever received
    }

    [Fact]
    public async Task A_body_cut_short_is_a_Network_failure_retried_within_the_budget()
    {
        await using var api = CutShortServer.Start("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n",
            Encoding.UTF8.GetBytes("{\"get\":\"fixtures\",\"response\":[{\"fixture\":"));
        var client = Clients.Create(api.BaseUrl);

        var result = await client.GetFixturesByIdsAsync(Samples.F(979139), CancellationToken.None);

        Assert.Equal(ApiFailureKind.Network, result.Failure!.Kind);
        Assert.StartsWith("body cut short: ", result.Failure.Message);
        Assert.Equal(200, result.Failure.HttpStatus);
        Assert.Equal(3, api.RequestCount); // 1 + MaxRetries, then it stops
    }

    [Fact]
    public async Task A_bad_key_is_not_retried_and_an_upstream_that_echoes_the_key_never_leaks_it()
    {
        var logger = new ListLogger<ApiFootballClient>();
        await using var api = await FakeServer.StartAsync((ctx, n) => n switch
        {
            1 => FakeServer.Json(ctx, Samples.Envelope("ids", "1", [], $"{{\"token\":\"Error/Invalid application key {Clients.Key}\"}}")),
            2 => FakeServer.Json(ctx, $"<html>upstream error for key {Clients.Key}</html>", 500),
            _ => FakeServer.Json(ctx, $"{{\"get\":\"fixtures\",\"key\":\"{Clients.Key}\",\"response\":["),
        });
        var client = Clients.Create(api.BaseUrl, o => o.MaxRetries = 1, logger);

        var badKey = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);
        Assert.Equal(1, api.RequestCount);
        var serverError = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None); // 500, retried into the malformed body
        Assert.Equal(3, api.RequestCount);

        Assert.Equal(ApiFailureKind.ErrorEnvelope, badKey.Failure!.Kind);
        Assert.Equal("token: Error/Invalid application key [redacted]", badKey.Failure.Message);
        Assert.Equal(ApiFailureKind.Malformed, serverError.Failure!.Kind);
        Assert.Contains("[redacted]", serverError.Failure.Message);
        Assert.Contains(logger.Entries, e => e.Message.Contains("upstream error for key [redacted]"));
        Assert.DoesNotContain(Clients.Key, badKey.Failure.Message + serverError.Failure.Message);
        Assert.DoesNotContain(logger.Entries, e => e.Everything.Contains(Clients.Key, StringComparison.Ordinal));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "condition not reached within 5 s");
    }
}
