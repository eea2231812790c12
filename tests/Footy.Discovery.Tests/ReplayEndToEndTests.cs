using Footy.Recordings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Discovery.Tests;

/// <summary>The discovery clients against the recording server: what a replay does.</summary>
public sealed class ReplayEndToEndTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2022, 12, 18, 15, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DateTimeOffset Poll(int k) => Start.AddSeconds((k - 1) * 30);

    private sealed class Clock(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; set; } = now;
    }

    [Fact]
    public async Task Search_then_download_through_the_recording_server()
    {
        _dir.File("recording.json", """{ "name": "WC final", "start": "2022-12-18T15:00:00Z", "poll_interval_seconds": 30 }""");
        _dir.File("clips/index.json", """
            [ { "id": "1604531452713377792", "file": "a1.mp4", "available_from_poll": 48, "text": "Messi from the spot! Argentina 1-0 France #ARGFRA", "author": "someone" },
              { "id": "1604531452713377800", "file": "a2.mp4", "available_from_poll": 52, "text": "MESSI GOAL 🐐", "author": "fan" },
              { "id": "1604531452713377900", "file": "gone.mp4", "available_from_poll": 52, "text": "Messi Argentina penalty (deleted)" },
              { "id": "42", "file": "dm.mp4", "available_from_poll": 72, "text": "Ángel Di María makes it 2-0 for Argentina" } ]
            """);
        var a1 = Samples.Mp4(50_000, 1);
        var a2 = Samples.Mp4(70_000, 2);
        _dir.File("clips/a1.mp4", a1);
        _dir.File("clips/a2.mp4", a2);
        _dir.File("clips/dm.mp4", Samples.Mp4(10_000, 3));

        var clock = new Clock(Poll(47));
        await using var server = await RecordingServer.StartAsync(Recording.Load(_dir.Path), () => clock.Now, NullLogger.Instance);
        var source = new SearchServiceSource(new HttpClient(), new SearchServiceOptions { BaseUrl = server.SearchBaseUrl, RetryBaseDelay = TimeSpan.FromMilliseconds(5) },
            new GoalSearch(TeamAliases.Empty), new ListLogger<SearchServiceSource>());
        using var downloader = new HttpClipDownloader(new DownloadOptions { AllowedHosts = ["127.0.0.1"], MaxRetries = 0 }, new ListLogger<HttpClipDownloader>());
        using var temp = new TempFiles(_dir.Combine("tmp"));

        var goal = Samples.Messi(since: Poll(47));   // "L. Messi", Argentina 1-0 France, 23'
        Assert.Empty((await source.SearchAsync(goal, Samples.NoneSeen, CancellationToken.None)).Clips);

        clock.Now = Poll(50);
        var first = await source.SearchAsync(goal, Samples.NoneSeen, CancellationToken.None);
        Assert.Equal(["1604531452713377792"], first.Clips.Select(c => c.PostId));

        clock.Now = Poll(60);
        var seen = first.Clips.Select(c => c.PostId).ToHashSet();
        var second = await source.SearchAsync(goal, seen, CancellationToken.None);
        Assert.Equal(["1604531452713377900", "1604531452713377800"], second.Clips.Select(c => c.PostId)); // query order: "Messi Argentina" first, then "Messi goal"
        Assert.Equal(Poll(52), second.Clips[0].PostedAt);

        using var f1 = temp.Create();
        var ok = Assert.IsType<DownloadOutcome.Success>(await downloader.DownloadAsync(first.Clips[0], f1.Path, CancellationToken.None));
        Assert.Equal(Samples.Md5(a1), ok.Md5);
        using var f2 = temp.Create();
        var ok2 = Assert.IsType<DownloadOutcome.Success>(await downloader.DownloadAsync(second.Clips[1], f2.Path, CancellationToken.None));
        Assert.Equal(Samples.Md5(a2), ok2.Md5);
        using var f3 = temp.Create();
        var gone = Assert.IsType<DownloadOutcome.Failure>(await downloader.DownloadAsync(second.Clips[0], f3.Path, CancellationToken.None));
        Assert.Equal(DownloadFailureKind.NotFound, gone.Kind);

        // Accents on either side: the API's "Á. Di María" finds "Ángel Di María ..." through the query "Di Maria Argentina".
        clock.Now = Poll(80);
        var diMaria = new GoalSearchRequest("979139-2", 979139, "Argentina", "France", "Argentina", "Á. Di María", 36, null, 2, 0, Poll(70));
        Assert.Equal(["42"], (await source.SearchAsync(diMaria, Samples.NoneSeen, CancellationToken.None)).Clips.Select(c => c.PostId));
    }

    [Fact]
    public async Task Replay_server_and_discovery_normalise_text_the_same_way()
    {
        // The recording server keeps its own copy of the normalisation rules: what TextNormalizer says matches must be found there.
        string[] texts = ["Ødegaard!!", "Gündoğan scores", "Łukasz Fabiański", "Weißbier", "Þórir Hallgrímsson", "İlkay", "N'Golo Kanté",
                          "#ARGFRA", "2-1", "MBAPPÉ⚽", "Æsir Œuvre", "Đorđe Ħal", "ﬁnal Ⅻ", "Straße"];
        var index = string.Join(",", texts.Select((t, i) =>
            $$"""{"id":"c{{i}}","file":"c{{i}}.mp4","available_from_poll":1,"text":{{System.Text.Json.JsonSerializer.Serialize(t)}}}"""));
        _dir.File("recording.json", """{ "name": "n", "start": "2022-12-18T15:00:00Z", "poll_interval_seconds": 30 }""");
        _dir.File("clips/index.json", "[" + index + "]");
        await using var server = await RecordingServer.StartAsync(Recording.Load(_dir.Path), () => Poll(5), NullLogger.Instance);
        using var http = new HttpClient();
        for (var i = 0; i < texts.Length; i++)
        {
            foreach (var query in new[] { TextNormalizer.Normalize(texts[i]), TextNormalizer.StripAccents(texts[i]).ToUpperInvariant() })
            {
                var body = await http.GetStringAsync(new Uri(server.SearchBaseUrl, "search?q=" + Uri.EscapeDataString(query) + "&limit=100"));
                Assert.True(body.Contains($"\"c{i}\""), $"'{texts[i]}' not found by '{query}': {body}");
            }
        }
    }
}
