using System.Text.Json;
using Footy.Domain.Fixtures;
using Footy.Recordings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Footy.Recordings.Tests;

public sealed class RecordingWriterTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 19, 14, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly DateOnly Day = new(2024, 5, 19);
    private static readonly FixtureId[] All = Samples.F(1, 2, 3);

    /// <summary>A live upstream whose fixtures advance with <see cref="Minute"/>; <see cref="Faults"/> injects answers per request number.</summary>
    private sealed class LiveUpstream
    {
        public int Minute { get; set; }
        public Dictionary<int, (int Status, string Body)> Faults { get; } = new();

        public Task Answer(HttpContext ctx, int n)
        {
            if (Faults.TryGetValue(n, out var fault)) return FakeServer.Json(ctx, fault.Body, fault.Status);
            if (ctx.Request.Query.ContainsKey("date"))
                return FakeServer.Json(ctx, Samples.Envelope("date", ctx.Request.Query["date"]!,
                    [Samples.Fixture(1, "NS", null, null, null, null), Samples.Fixture(2, "NS", null, null, null, null), Samples.Fixture(3, "NS", null, null, null, null)]));
            var ids = ctx.Request.Query["ids"].ToString();
            var fixtures = ids.Split('-').Select(long.Parse).Select(Fixture).ToList();
            return FakeServer.Json(ctx, Samples.Envelope("ids", ids, fixtures));
        }

        private string Fixture(long id)
        {
            var goals = Minute >= 20 && id == 2 ? $"[{Samples.Goal(19, 42, "Arsenal", 1100, "B. Saka")}]" : "[]";
            return Samples.Fixture(id, "1H", Minute + (int)id, Minute >= 20 && id == 2 ? 1 : 0, 0, goals);
        }
    }

    /// <summary>One poll cycle as the daemon does it: ids chunked two per call, snapshots merged.</summary>
    private static async Task<(List<FixtureSnapshot> Snapshots, ApiFailure? Failure)> Cycle(ApiFootballClient client)
    {
        var snapshots = new List<FixtureSnapshot>();
        ApiFailure? failure = null;
        foreach (var batch in All.Chunk(2))
        {
            var r = await client.GetFixturesByIdsAsync(batch, CancellationToken.None);
            if (r.Succeeded) snapshots.AddRange(r.Value!);
            else failure ??= r.Failure;
        }
        return (snapshots, failure);
    }

    [Fact]
    public async Task Written_recording_replays_the_same_snapshots()
    {
        using var dir = new TempDir();
        var upstream = new LiveUpstream();
        await using var api = await FakeServer.StartAsync(upstream.Answer);
        var writer = new RecordingWriter(dir.Path, "Matchday 38", Interval);
        var live = Clients.Create(api.BaseUrl, o => { o.MaxIdsPerCall = 2; o.MaxRetries = 1; }, observer: writer);

        var liveDate = await live.GetFixturesByDateAsync(Day, CancellationToken.None);
        Assert.True(liveDate.Succeeded);
        var observed = new Dictionary<int, (List<FixtureSnapshot> Snapshots, ApiFailure? Failure)>();

        // poll 1 at T0
        upstream.Minute = 10;
        writer.BeginPoll(T0);
        observed[1] = await Cycle(live);
        writer.EndPoll();
        Assert.True(File.Exists(Path.Combine(dir.Path, "recording.json")));

        // poll 2: the first batch fails once with a 500 and is retried: only its final answer is kept
        upstream.Minute = 15;
        upstream.Faults[api.RequestCount + 1] = (500, """{"message":"Internal Server Error"}""");
        writer.BeginPoll(T0 + Interval + TimeSpan.FromSeconds(2));
        observed[2] = await Cycle(live);
        writer.EndPoll();

        // poll 3 skipped (the daemon was busy); poll 4 slightly late: index by rounding
        upstream.Minute = 20;
        writer.BeginPoll(T0 + 3 * Interval + TimeSpan.FromSeconds(11));
        observed[4] = await Cycle(live);
        writer.EndPoll();

        // poll 5: the upstream answers 429 to every attempt of the second batch
        upstream.Minute = 25;
        upstream.Faults[api.RequestCount + 2] = (429, """{"message":"Too many requests"}""");
        upstream.Faults[api.RequestCount + 3] = (429, """{"message":"Too many requests"}""");
        writer.BeginPoll(T0 + 4 * Interval);
        observed[5] = await Cycle(live);
        writer.EndPoll();

        // poll 6: every attempt of every call is refused
        upstream.Minute = 30;
        for (var i = 1; i <= 4; i++) upstream.Faults[api.RequestCount + i] = (429, """{"message":"Too many requests"}""");
        writer.BeginPoll(T0 + 5 * Interval);
        observed[6] = await Cycle(live);
        writer.EndPoll();

        Assert.Equal(ApiFailureKind.RateLimited, observed[5].Failure?.Kind);
        Assert.Equal([1L, 2L], observed[5].Snapshots.Select(s => s.Id.Value));
        Assert.Equal(ApiFailureKind.RateLimited, observed[6].Failure?.Kind);
        Assert.Empty(observed[6].Snapshots);
        Assert.Equal(6, writer.LastPollIndex);

        // What is on disk
        var recording = Recording.Load(dir.Path);
        Assert.Equal("Matchday 38", recording.Name);
        Assert.Equal(T0, recording.Start);
        Assert.Equal(Interval, recording.PollInterval);
        Assert.Equal(6, recording.PollCount);
        Assert.Equal([Day], recording.FixtureDates);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "polls", "000002.json")), File.ReadAllText(Path.Combine(dir.Path, "polls", "000003.json")));
        using (var poll1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "polls", "000001.json"))))
        {
            Assert.Equal(3, poll1.RootElement.GetProperty("results").GetInt32());
            Assert.Equal("1-2-3", poll1.RootElement.GetProperty("parameters").GetProperty("ids").GetString());
        }
        using (var poll5 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "polls", "000005.json"))))
        {
            Assert.Equal(2, poll5.RootElement.GetProperty("results").GetInt32()); // the failed call's fixture is left out
            Assert.Equal("1-2", poll5.RootElement.GetProperty("parameters").GetProperty("ids").GetString());
        }
        using (var poll6 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "polls", "000006.json"))))
        {
            Assert.Equal(429, poll6.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("Too many requests", poll6.RootElement.GetProperty("body").GetProperty("message").GetString());
        }
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));

        // Replay it
        var clock = T0;
        await using var server = await RecordingServer.StartAsync(recording, () => clock, NullLogger.Instance);
        var replay = Clients.Create(server.BaseUrl, o => { o.MaxIdsPerCall = 2; o.MaxRetries = 0; });

        var replayDate = await replay.GetFixturesByDateAsync(Day, CancellationToken.None);
        Assert.Equal(Samples.Canonical(liveDate.Value!), Samples.Canonical(replayDate.Value!));

        foreach (var k in new[] { 1, 2, 4, 5 })
        {
            clock = recording.PollTime(k) + TimeSpan.FromSeconds(5);
            var replayed = await Cycle(replay);
            Assert.Null(replayed.Failure);
            Assert.Equal(Samples.Canonical(observed[k].Snapshots), Samples.Canonical(replayed.Snapshots));
        }
        Assert.Single(observed[4].Snapshots.Single(s => s.Id.Value == 2).Events);

        clock = recording.PollTime(3);
        Assert.Equal(Samples.Canonical(observed[2].Snapshots), Samples.Canonical((await Cycle(replay)).Snapshots));

        clock = recording.PollTime(6);
        var faulty = await Cycle(replay);
        Assert.Equal(ApiFailureKind.RateLimited, faulty.Failure?.Kind);
        Assert.Empty(faulty.Snapshots);
    }

    [Fact]
    public void Non_json_faults_error_envelopes_and_bad_date_answers_are_written_faithfully()
    {
        using var dir = new TempDir();
        var writer = new RecordingWriter(dir.Path, "faults", Interval);
        var good = Samples.Envelope("date", "2024-05-19", [Samples.Fixture(1, "NS", null, null, null, null)]);
        var quota = Samples.Envelope("ids", "1", [], """{"requests":"You have reached the request limit for the day"}""");

        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByDate, Day, null, 200, good, T0));
        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByDate, Day, null, 500, "oops", T0));   // not a fixtures file
        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByDate, Day, null, 200, quota, T0));    // neither
        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 200, "{}", T0)); // outside a cycle: ignored

        writer.BeginPoll(T0);
        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 502, "<html>Bad gateway</html>", T0));
        writer.EndPoll();
        writer.BeginPoll(T0 + Interval);
        writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 200, quota, T0));
        writer.EndPoll();
        writer.BeginPoll(T0 + 2 * Interval); // no ids call in this cycle: nothing written
        writer.EndPoll();

        Assert.Equal(good, File.ReadAllText(Path.Combine(dir.Path, "fixtures", "2024-05-19.json")));
        using (var p1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "polls", "000001.json"))))
        {
            Assert.Equal(502, p1.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("<html>Bad gateway</html>", p1.RootElement.GetProperty("body").GetString());
        }
        Assert.Equal(quota, File.ReadAllText(Path.Combine(dir.Path, "polls", "000002.json")));
        var r = Recording.Load(dir.Path);
        Assert.Equal(2, r.PollCount);
        Assert.Equal(2, writer.LastPollIndex);
    }

    [Fact]
    public void The_manifest_is_valid_from_the_first_poll_and_a_second_writer_appends()
    {
        using var dir = new TempDir();
        var first = new RecordingWriter(dir.Path, "resumable", TimeSpan.FromSeconds(15));
        first.BeginPoll(T0);
        var empty = Recording.Load(dir.Path); // valid while the first cycle is still open
        Assert.Equal(T0, empty.Start);
        Assert.Equal(0, empty.PollCount);
        first.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 200, Samples.Envelope("ids", "1", [Samples.Fixture(1, "1H", 1)]), T0));
        first.EndPoll();

        var second = new RecordingWriter(dir.Path, "resumable", TimeSpan.FromSeconds(15));
        Assert.Equal(1, second.LastPollIndex);
        second.BeginPoll(T0 + TimeSpan.FromSeconds(45));
        second.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 200, Samples.Envelope("ids", "1", [Samples.Fixture(1, "1H", 4)]), T0));
        second.EndPoll();

        var r = Recording.Load(dir.Path);
        Assert.Equal(T0, r.Start);
        Assert.Equal(4, r.PollCount);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "polls", "000001.json")), File.ReadAllText(Path.Combine(dir.Path, "polls", "000003.json")));
        Assert.Throws<RecordingFormatException>(() => new RecordingWriter(dir.Path, "resumable", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_long_idle_gap_is_left_empty_and_served_from_the_previous_poll()
    {
        using var dir = new TempDir();
        var writer = new RecordingWriter(dir.Path, "overnight", Interval);
        foreach (var (k, minute) in new[] { (1, 90), (1001, 5) })
        {
            writer.BeginPoll(T0 + (k - 1) * Interval);
            writer.OnResponse(new ApiTraffic(ApiRequestKind.FixturesByIds, null, Samples.F(1), 200,
                Samples.Envelope("ids", "1", [Samples.Fixture(1, "1H", minute)]), T0));
            writer.EndPoll();
        }

        var recording = Recording.Load(dir.Path);
        Assert.Equal(1001, recording.PollCount);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir.Path, "polls")).Length);

        var clock = recording.PollTime(500);
        await using var server = await RecordingServer.StartAsync(recording, () => clock, NullLogger.Instance);
        var client = Clients.Create(server.BaseUrl);
        Assert.Equal(90, Assert.Single((await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Value!).Elapsed);
        clock = recording.LastPollAt;
        Assert.Equal(5, Assert.Single((await client.GetFixturesByIdsAsync(Samples.F(1), CancellationToken.None)).Value!).Elapsed);
    }
}
