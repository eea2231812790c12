using System.Net;
using System.Text.Json;
using Footy.Recordings;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Footy.Recordings.Tests;

public sealed class RecordingServerTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 19, 14, 30, 0, TimeSpan.Zero);
    private static readonly HttpClient Http = new();

    /// <summary>3 fixtures; poll k has fixture 1 at minute k, fixture 2 at minute 40+k, fixture 3 not started.</summary>
    private static TempDir ThreePollRecording()
    {
        var dir = new TempDir();
        dir.File("recording.json", """{ "name": "Matchday 38", "start": "2024-05-19T14:30:00Z", "poll_interval_seconds": 30 }""");
        dir.File("fixtures/2024-05-19.json", Samples.Envelope("date", "2024-05-19",
            [Samples.Fixture(1, "NS", null, null, null, null), Samples.Fixture(2, "NS", null, null, null, null), Samples.Fixture(3, "NS", null, null, null, null)]));
        for (var k = 1; k <= 3; k++)
            dir.File($"polls/{k:D6}.json", Samples.Envelope("ids", "1-2-3",
                [Samples.Fixture(1, "1H", k, 0, 0), Samples.Fixture(2, "2H", 40 + k, 1, 0, $"[{Samples.Goal(12, 42, "Arsenal", 1100, "B. Saka")}]"), Samples.Fixture(3, "NS", null, null, null)]));
        return dir;
    }

    private sealed class Clock(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; set; } = now;
    }

    private static async Task<(RecordingServer Server, Clock Clock)> Serve(TempDir dir, DateTimeOffset now)
    {
        var clock = new Clock(now);
        var server = await RecordingServer.StartAsync(Recording.Load(dir.Path), () => clock.Now, NullLogger.Instance);
        return (server, clock);
    }

    [Fact]
    public async Task Serves_fixtures_by_date_verbatim_and_an_empty_envelope_for_unknown_dates()
    {
        using var dir = ThreePollRecording();
        var (server, _) = await Serve(dir, Start);
        await using var _s = server;

        Assert.StartsWith("http://127.0.0.1:", server.BaseUrl.ToString());
        Assert.EndsWith("/", server.BaseUrl.ToString());
        var known = await Http.GetStringAsync(new Uri(server.BaseUrl, "fixtures?date=2024-05-19"));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir.Path, "fixtures", "2024-05-19.json")), known);

        using var empty = JsonDocument.Parse(await Http.GetStringAsync(new Uri(server.BaseUrl, "fixtures?date=2024-05-20")));
        Assert.Equal(0, empty.RootElement.GetProperty("results").GetInt32());
        Assert.Equal(0, empty.RootElement.GetProperty("response").GetArrayLength());
        Assert.Equal(0, empty.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal("2024-05-20", empty.RootElement.GetProperty("parameters").GetProperty("date").GetString());

        var client = Clients.Create(server.BaseUrl);
        var byDate = await client.GetFixturesByDateAsync(new DateOnly(2024, 5, 19), CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], byDate.Value!.Select(s => s.Id.Value));
        Assert.True((await client.GetFixturesByDateAsync(new DateOnly(2024, 5, 20), CancellationToken.None)).Value!.Count == 0);
        Assert.Equal(4, server.RequestCount);
    }

    [Fact]
    public async Task Answers_ids_from_the_poll_in_force_at_virtual_time()
    {
        using var dir = ThreePollRecording();
        var (server, clock) = await Serve(dir, Start.AddSeconds(-1));
        await using var _s = server;
        var client = Clients.Create(server.BaseUrl);

        async Task<int?> MinuteOfFixture1()
        {
            var r = await client.GetFixturesByIdsAsync(Samples.F(1, 2, 3), CancellationToken.None);
            Assert.True(r.Succeeded);
            return r.Value!.SingleOrDefault(s => s.Id.Value == 1)?.Elapsed;
        }

        Assert.Null(await MinuteOfFixture1());            // before poll 1: empty
        clock.Now = Start;
        Assert.Equal(1, await MinuteOfFixture1());
        clock.Now = Start.AddSeconds(29.9);
        Assert.Equal(1, await MinuteOfFixture1());
        clock.Now = Start.AddSeconds(30);
        Assert.Equal(2, await MinuteOfFixture1());
        clock.Now = Start.AddSeconds(60);
        Assert.Equal(3, await MinuteOfFixture1());
        clock.Now = Start.AddHours(3);
        Assert.Equal(3, await MinuteOfFixture1());        // after the last: the last keeps being served
        clock.Now = Start.AddSeconds(35);
        Assert.Equal(2, await MinuteOfFixture1());        // time may go back (a fresh replay)
    }

    [Fact]
    public async Task Restricts_a_poll_to_the_ids_asked_and_rewrites_results_and_parameters()
    {
        using var dir = ThreePollRecording();
        var (server, _) = await Serve(dir, Start.AddSeconds(31));
        await using var _s = server;

        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(server.BaseUrl, "fixtures?ids=3-1-999")));
        var root = doc.RootElement;
        Assert.Equal("fixtures", root.GetProperty("get").GetString());
        Assert.Equal("3-1-999", root.GetProperty("parameters").GetProperty("ids").GetString());
        Assert.Equal(2, root.GetProperty("results").GetInt32());
        Assert.Equal([1L, 3L], root.GetProperty("response").EnumerateArray().Select(f => f.GetProperty("fixture").GetProperty("id").GetInt64()));
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Equal(1, root.GetProperty("paging").GetProperty("total").GetInt32());

        // Split into two calls, as the daemon chunks: the union is the whole poll.
        var client = Clients.Create(server.BaseUrl);
        var a = await client.GetFixturesByIdsAsync(Samples.F(1, 2), CancellationToken.None);
        var b = await client.GetFixturesByIdsAsync(Samples.F(3), CancellationToken.None);
        Assert.Equal([1L, 2L], a.Value!.Select(s => s.Id.Value));
        Assert.Equal(3L, Assert.Single(b.Value!).Id.Value);
        Assert.Equal("B. Saka", Assert.Single(a.Value![1].Events).PlayerName);
        Assert.Equal(42, a.Value![1].Elapsed);
    }

    [Fact]
    public async Task Serves_status_files_and_error_envelopes_as_recorded()
    {
        using var dir = ThreePollRecording();
        dir.File("polls/000002.json", """{ "status": 429, "body": { "message": "Too many requests" } }""");
        dir.File("polls/000003.json", """{ "status": 502, "body": "<html><body>Bad gateway</body></html>" }""");
        dir.File("polls/000004.json", Samples.Envelope("ids", "1-2-3", [], """{"requests":"You have reached the request limit for the day"}"""));
        dir.File("polls/000005.json", """{"get":"fixtures","response":[ {"fixture" """);
        var (server, clock) = await Serve(dir, Start.AddSeconds(30));
        await using var _s = server;
        var client = Clients.Create(server.BaseUrl, o => o.MaxRetries = 0);

        using (var r429 = await Http.GetAsync(new Uri(server.BaseUrl, "fixtures?ids=1")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r429.StatusCode);
            Assert.Equal("""{ "message": "Too many requests" }""", await r429.Content.ReadAsStringAsync());
        }
        Assert.Equal(ApiFailureKind.RateLimited, (await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Failure?.Kind);

        clock.Now = Start.AddSeconds(60);
        using (var r502 = await Http.GetAsync(new Uri(server.BaseUrl, "fixtures?ids=1")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, r502.StatusCode);
            Assert.Equal("<html><body>Bad gateway</body></html>", await r502.Content.ReadAsStringAsync());
        }
        var http = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);
        Assert.Equal(ApiFailureKind.Http, http.Failure?.Kind);
        Assert.Equal(502, http.Failure?.HttpStatus);

        clock.Now = Start.AddSeconds(90);
        var raw = await Http.GetStringAsync(new Uri(server.BaseUrl, "fixtures?ids=1"));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir.Path, "polls", "000004.json")), raw);
        var envelope = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);
        Assert.Equal(ApiFailureKind.ErrorEnvelope, envelope.Failure?.Kind);
        Assert.Contains("request limit", envelope.Failure!.Message);

        clock.Now = Start.AddSeconds(120);
        Assert.Equal(ApiFailureKind.Malformed, (await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Failure?.Kind);
    }

    [Fact]
    public async Task A_missing_poll_file_is_answered_by_the_previous_one()
    {
        using var dir = ThreePollRecording();
        File.Delete(Path.Combine(dir.Path, "polls", "000002.json"));
        var (server, _) = await Serve(dir, Start.AddSeconds(45));
        await using var _s = server;
        Assert.Equal(3, server.Recording.PollCount);

        var r = await Clients.Create(server.BaseUrl).GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);

        Assert.Equal(1, Assert.Single(r.Value!).Elapsed);
    }

    [Fact]
    public async Task Unknown_routes_get_404_and_only_api_football_requests_are_counted()
    {
        using var dir = ThreePollRecording();
        var (server, _) = await Serve(dir, Start);
        await using var _s = server;

        using var a = await Http.GetAsync(new Uri(server.BaseUrl, "leagues?id=39"));
        using var b = await Http.PostAsync(new Uri(server.BaseUrl, "fixtures?ids=1"), new StringContent(""));
        using var c = await Http.GetAsync(new Uri(server.BaseUrl, "fixtures/rounds?league=39"));
        using var d = await Http.GetAsync(new Uri(server.BaseUrl, "fixtures?ids=1"));
        using var e = await Http.GetAsync(new Uri(server.BaseUrl, "search?q=messi&since=2022-12-18T15:00:00Z"));

        Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, c.StatusCode);
        Assert.Equal(HttpStatusCode.OK, d.StatusCode);
        Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Bad_ids_are_answered_with_an_error_envelope_like_the_api()
    {
        using var dir = ThreePollRecording();
        var (server, _) = await Serve(dir, Start);
        await using var _s = server;

        foreach (var query in new[] { "fixtures?ids=1-x", "fixtures?ids=" + string.Join("-", Enumerable.Range(1, 21)), "fixtures?date=19-05-2024", "fixtures" })
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(server.BaseUrl, query)));
            Assert.True(doc.RootElement.GetProperty("errors").EnumerateObject().Any(), query);
            Assert.Equal(0, doc.RootElement.GetProperty("results").GetInt32());
        }
    }

    [Fact]
    public async Task Walks_a_long_recording_back_and_forth_through_its_bounded_cache()
    {
        using var dir = new TempDir();
        dir.File("recording.json", """{ "name": "long", "start": "2024-05-19T14:30:00Z", "poll_interval_seconds": 1 }""");
        const int polls = 60;
        for (var k = 1; k <= polls; k++)
            dir.File($"polls/{k:D6}.json", Samples.Envelope("ids", "1", [Samples.Fixture(1, "1H", k)]));
        var (server, clock) = await Serve(dir, Start);
        await using var _s = server;
        var client = Clients.Create(server.BaseUrl);

        foreach (var k in Enumerable.Range(1, polls).Concat(Enumerable.Range(1, polls).Reverse()).Where(k => k % 3 != 0))
        {
            clock.Now = Start.AddSeconds(k - 1);
            var r = await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None);
            Assert.Equal(k, Assert.Single(r.Value!).Elapsed);
        }
    }
}
