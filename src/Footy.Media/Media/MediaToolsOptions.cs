namespace Footy.Media;

/// <summary>
/// Where ffmpeg/ffprobe live and the limits every external media process runs under.
/// Bind it from configuration (section "Media") or construct it directly; every property has a safe default.
/// </summary>
public sealed record MediaToolsOptions
{
    /// <summary>ffmpeg executable: a bare name resolved through PATH, or an absolute path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>ffprobe executable: a bare name resolved through PATH, or an absolute path.</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>Wall-clock limit for one process. On expiry the whole process tree is killed.</summary>
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Cap on a process's stdout. ffprobe's JSON is a few KiB; the fingerprint pass writes 16 KiB per sampled
    /// frame (a 128x128 gray grid), i.e. ~5.6 MiB for a 90 s clip at 4 fps. Exceeding it kills the process.
    /// </summary>
    public long MaxOutputBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Cap on a process's stderr (everything it writes, not only what is kept).</summary>
    public long MaxErrorBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>How much of the end of stderr is kept for failure reports.</summary>
    public int StderrTailBytes { get; init; } = 2048;

    /// <summary>
    /// How many fingerprint (ffmpeg decode) processes may run at once through one <see cref="VideoFingerprinter"/>.
    /// Decoding is CPU-bound and ffmpeg already uses several threads per process, so more than the core count buys
    /// nothing. Callers that also bound concurrency (e.g. Akka.Streams SelectAsync) may keep both.
    /// </summary>
    public int HashConcurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>ffmpeg decoder threads per process (<c>-threads</c>); 0 lets ffmpeg choose (one per core).</summary>
    public int DecoderThreads { get; init; }

    /// <summary>
    /// Demuxers ffprobe/ffmpeg may use on downloaded files (<c>-format_whitelist</c>). Downloads are untrusted input:
    /// this keeps playlist/concat/image demuxers (which can open other files or URLs) out. Null or empty disables it.
    /// </summary>
    public string? AllowedDemuxers { get; init; } = "mov,matroska,mpegts,flv,avi,mpeg,gif";

    public static MediaToolsOptions Default { get; } = new();
}
