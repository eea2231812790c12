namespace Footy.Discovery.Tests;

public sealed class XResolvingDownloaderTests
{
    private const string TweetWithVideo = """
        {"__typename":"Tweet","id_str":"1604531452713377792","text":"Messi!",
         "mediaDetails":[{"type":"video","video_info":{"duration_millis":21400,"variants":[
           {"bitrate":2176000,"content_type":"video/mp4","url":"https://video.twimg.com/vid/1280x720/high.mp4"},
           {"bitrate":832000,"content_type":"video/mp4","url":"https://video.twimg.com/vid/640x360/mid.mp4"}]}}]}
        """;

    private static readonly DiscoveredClip PageOnly = new("1604531452713377792", "search", null,
        new Uri("https://x.com/someone/status/1604531452713377792"), "Messi from the spot!", "someone", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_page_only_tweet_is_downloaded_from_its_best_mp4()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, TweetWithVideo));
        var inner = new RecordingDownloader();

        var outcome = await new XResolvingDownloader(Resolver(server), inner).DownloadAsync(PageOnly, "/tmp/x.mp4", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("https://video.twimg.com/vid/1280x720/high.mp4", Assert.Single(inner.Clips).VideoUrl!.AbsoluteUri);
    }

    [Fact]
    public async Task A_tweet_without_video_is_rejected_without_downloading()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, """{"__typename":"Tweet","id_str":"1","mediaDetails":[]}"""));
        var inner = new RecordingDownloader();

        var outcome = await new XResolvingDownloader(Resolver(server), inner).DownloadAsync(PageOnly, "/tmp/x.mp4", CancellationToken.None);

        var failure = Assert.IsType<DownloadOutcome.Failure>(outcome);
        Assert.Equal(DownloadFailureKind.NotAVideo, failure.Kind);
        Assert.Empty(inner.Clips);
    }

    [Fact]
    public async Task A_post_with_a_video_url_goes_straight_to_the_downloader()
    {
        await using var server = await FakeServer.StartAsync((ctx, _) => FakeServer.Json(ctx, TweetWithVideo));
        var inner = new RecordingDownloader();
        var direct = PageOnly with { VideoUrl = new Uri("http://127.0.0.1:1/clip.mp4") };

        await new XResolvingDownloader(Resolver(server), inner).DownloadAsync(direct, "/tmp/x.mp4", CancellationToken.None);

        Assert.Same(direct, Assert.Single(inner.Clips));
        Assert.Empty(server.Requests);
    }

    private static XSyndicationResolver Resolver(FakeServer server) => new(new HttpClient(),
        new XSyndicationOptions { BaseUrl = server.BaseUrl, MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(2) },
        new ListLogger<XSyndicationResolver>());

    private sealed class RecordingDownloader : IClipDownloader
    {
        public List<DiscoveredClip> Clips { get; } = [];

        public Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
        {
            Clips.Add(clip);
            return Task.FromResult<DownloadOutcome>(new DownloadOutcome.Success(targetFile, 1, "00", "video/mp4", clip.VideoUrl!));
        }
    }
}
