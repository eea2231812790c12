namespace Footy.Discovery;

/// <summary>Why a download failed. Each kind says whether another try (later, or with another tool) can help.</summary>
public enum DownloadFailureKind
{
    /// <summary>HTTP 404/410, or yt-dlp says the video does not exist. Final.</summary>
    NotFound,
    /// <summary>HTTP 401/403/451, or yt-dlp reports a geo-block / login wall. Usually final (geo-blocked CDN).</summary>
    Forbidden,
    /// <summary>HTTP 429 after the retries ran out.</summary>
    RateLimited,
    /// <summary>Larger than <see cref="DownloadOptions.MaxBytes"/> (declared or while streaming; reading stopped at the cap).</summary>
    TooLarge,
    /// <summary>The answer is not a video (HTML page, JSON, HLS playlist, wrong Content-Type or no known container signature).</summary>
    NotAVideo,
    /// <summary>A time limit ran out: idle read, overall download, or the yt-dlp process limit.</summary>
    Timeout,
    /// <summary>Connection refused/reset, DNS failure, body cut short (after the retries).</summary>
    Network,
    /// <summary>The URL or one of its redirects is not allowed: not http(s), or resolves to a loopback, private, link-local, CGNAT, multicast or metadata address.</summary>
    Refused,
    /// <summary>yt-dlp could not be started, crashed, exited non-zero for an unknown reason, or exited 0 without a file.</summary>
    ToolFailure,
    /// <summary>Any other HTTP status (5xx after the retries, unexpected 4xx).</summary>
    HttpError,
    /// <summary>More than <see cref="DownloadOptions.MaxRedirects"/> redirects, or a redirect loop.</summary>
    TooManyRedirects,
    /// <summary>The per-host (or per-tool) circuit breaker is open after repeated failures: nothing was sent.</summary>
    CircuitOpen,
    /// <summary>This downloader cannot fetch this clip (no URL it handles): try another one.</summary>
    Unsupported,
}

/// <summary>The outcome of one <see cref="IClipDownloader.DownloadAsync"/>.</summary>
public abstract record DownloadOutcome
{
    private DownloadOutcome()
    {
    }

    /// <param name="FilePath">The target file, complete.</param>
    /// <param name="Md5">Lower-case hex MD5 of the file, computed while streaming.</param>
    /// <param name="ContentType">The video type (from the response, or from the container signature when the response said octet-stream).</param>
    /// <param name="FinalUrl">The URL the bytes came from (after redirects).</param>
    public sealed record Success(string FilePath, long Bytes, string Md5, string ContentType, Uri FinalUrl) : DownloadOutcome;

    /// <param name="HttpStatus">Last HTTP status received, when there was one.</param>
    public sealed record Failure(DownloadFailureKind Kind, string Reason, int? HttpStatus = null) : DownloadOutcome
    {
        public override string ToString() => HttpStatus is { } s ? $"{Kind} (HTTP {s}): {Reason}" : $"{Kind}: {Reason}";
    }

    public bool Succeeded => this is Success;
}

/// <summary>
/// Downloads one clip to a file. Contract: on <see cref="DownloadOutcome.Success"/> <c>targetFile</c> holds the whole
/// video; on failure no file is left at <c>targetFile</c> (nor partial files next to it). Never throws for upstream
/// trouble; throws <see cref="OperationCanceledException"/> only when the caller's token is cancelled. Thread-safe.
/// </summary>
public interface IClipDownloader
{
    Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct);
}
