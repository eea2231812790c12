namespace Footy.Discovery;

/// <summary>
/// Downloads posts that only link an X (Twitter) page: the tweet is first resolved to its best mp4 through X's public
/// syndication endpoint (no login needed), then the video is fetched by <paramref name="inner"/>. Posts that already
/// carry a video URL, or are not tweets, go straight to <paramref name="inner"/>.
/// </summary>
public sealed class XResolvingDownloader(XSyndicationResolver resolver, IClipDownloader inner) : IClipDownloader
{
    public async Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
    {
        if (clip.VideoUrl is null && XSyndicationResolver.TryGetTweetId(clip, out _))
        {
            var resolved = await resolver.ResolveAsync(clip, ct);
            if (!resolved.Succeeded)
                return new DownloadOutcome.Failure(KindOf(resolved.FailureKind), $"tweet video: {resolved.FailureKind}: {resolved.Reason}");
            clip = clip with { VideoUrl = resolved.Video!.Url };
        }
        return await inner.DownloadAsync(clip, targetFile, ct);
    }

    private static DownloadFailureKind KindOf(TweetVideoFailureKind? kind) => kind switch
    {
        TweetVideoFailureKind.NotFound or TweetVideoFailureKind.InvalidId => DownloadFailureKind.NotFound,
        TweetVideoFailureKind.NoVideo => DownloadFailureKind.NotAVideo,
        TweetVideoFailureKind.Blocked => DownloadFailureKind.Forbidden,
        TweetVideoFailureKind.TooLarge => DownloadFailureKind.TooLarge,
        _ => DownloadFailureKind.Network,
    };
}
