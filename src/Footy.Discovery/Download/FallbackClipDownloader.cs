using Microsoft.Extensions.Logging;

namespace Footy.Discovery;

/// <summary>
/// Tries the direct HTTP download first and yt-dlp when that cannot work: the clip has no video URL, or the answer
/// was not a video (an HTML page, an HLS playlist), or the URL was not found / forbidden / unsupported while the post
/// has a page URL yt-dlp can try. Size, refusal, timeout and rate-limit failures are final (another tool would hit
/// the same wall). Thread-safe.
/// </summary>
public sealed class FallbackClipDownloader(IClipDownloader primary, IClipDownloader fallback, ILogger<FallbackClipDownloader> logger) : IClipDownloader
{
    private static readonly HashSet<DownloadFailureKind> WorthAFallback =
    [
        DownloadFailureKind.Unsupported, DownloadFailureKind.NotAVideo, DownloadFailureKind.NotFound, DownloadFailureKind.Forbidden,
        DownloadFailureKind.HttpError, DownloadFailureKind.TooManyRedirects, DownloadFailureKind.CircuitOpen,
    ];

    public async Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var first = await primary.DownloadAsync(clip, targetFile, ct).ConfigureAwait(false);
        if (first is not DownloadOutcome.Failure f || !WorthAFallback.Contains(f.Kind)) return first;
        // With only a video URL that just failed as not found/forbidden, a second tool fetches the same URL: pointless.
        if (f.Kind != DownloadFailureKind.Unsupported && f.Kind != DownloadFailureKind.NotAVideo && clip.PageUrl is null) return first;
        logger.LogDebug("Post {Post}: direct download failed ({Failure}); trying the fallback", clip.PostId, f);
        var second = await fallback.DownloadAsync(clip, targetFile, ct).ConfigureAwait(false);
        return second is DownloadOutcome.Failure { Kind: DownloadFailureKind.Unsupported } ? first : second;
    }
}
