using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Media;

/// <param name="FramesPerSecond">Sampling rate by timestamp (ffmpeg <c>fps</c> filter, nearest frame). 4 = one hash per 0.25 s.</param>
/// <param name="GridSize">Side of the gray grid ffmpeg scales every sampled frame to before the crop is applied in C#
/// (128: crop edges are placed to 1/128 of the frame; 16 KiB per sampled frame while the clip is read). Changing it
/// changes hashes slightly; keep it fixed for fingerprints that are compared with each other.</param>
/// <param name="CropLimit">cropdetect <c>limit</c>: luma at or below it counts as black (8-bit scale).</param>
/// <param name="NegligibleCropFraction">Crops trimming at most this fraction of width and height are ignored.</param>
/// <param name="MinCropKeepFraction">Crops keeping less than this fraction of width or height are ignored (dark frames).</param>
/// <param name="MinCoverage">The sampled frames must cover at least this fraction of the probed duration, else the
/// file is reported <see cref="FingerprintFailureKind.Truncated"/> (a partial download that still probes fine).</param>
/// <param name="DecodeShortcuts">The decoder skips work a 32x32 gray hash cannot see: in-loop deblocking
/// (<c>-skip_loop_filter all</c>) and the frames no other frame references (<c>-skip_frame noref</c>, mostly B-frames;
/// <c>fps</c> then takes the nearest decoded frame to each tick). About a third less decode CPU (docs/benchmarks.md); on
/// the labelled set a frame's hash moves by 1.4 of 64 bits on average and precision/recall stay 1.000/0.992 against
/// 1.000/0.997 with exact decoding (docs/hashing.md). Not <c>-skip_frame bidir</c>: encoders
/// with several reference frames let P-frames refer to B-frames, which that would silently corrupt. false: every frame
/// decoded exactly (design sweep, benchmark). Changes hashes by a few bits: keep it fixed for fingerprints that are
/// compared with each other.</param>
public sealed record FingerprintOptions(
    double FramesPerSecond = 4,
    int GridSize = 128,
    int CropLimit = 24,
    double NegligibleCropFraction = 0.03,
    double MinCropKeepFraction = 0.3,
    double MinCoverage = 0.75,
    bool DecodeShortcuts = true)
{
    public static FingerprintOptions Default { get; } = new();
}

public enum FingerprintFailureKind
{
    /// <summary>ffprobe could not read the file (see the reason); it is not a usable video.</summary>
    Unreadable,
    /// <summary>ffmpeg failed (missing, timed out, crashed, too much output).</summary>
    ToolFailure,
    /// <summary>ffmpeg decoded no frame at all.</summary>
    NoFrames,
    /// <summary>The decodable part is much shorter than the container claims: an incomplete download.</summary>
    Truncated,
}

public sealed record FingerprintOutcome(
    VideoFingerprint? Fingerprint,
    FingerprintFailureKind? FailureKind,
    string? Reason,
    ToolFailure? ToolFailure = null,
    TimeSpan Elapsed = default)
{
    public bool Succeeded => Fingerprint is not null;
    public static FingerprintOutcome Fail(FingerprintFailureKind kind, string reason, ToolFailure? tool = null) => new(null, kind, reason, tool);
    public override string ToString() => Succeeded ? $"Ok({Fingerprint})" : $"{FailureKind}: {Reason}";
}

/// <summary>
/// Fingerprints a clip with ONE ffmpeg process that decodes the first video stream once (without deblocking and without
/// the frames nothing refers to: <see cref="FingerprintOptions.DecodeShortcuts"/>) and:
/// samples frames by timestamp (<c>fps=4</c>: the decoded frame nearest each 0.25 s tick, never keyframes only), runs
/// <c>cropdetect</c> on every sampled frame (full resolution, reset per frame; results read from stderr, frame size
/// from <c>showinfo</c> on the first frame), and writes each sampled frame scaled to a GxG gray grid
/// (<c>scale=G:G:flags=area,format=gray</c>) to stdout as raw bytes. stdout is read incrementally (memory bounded by
/// <see cref="MediaToolsOptions.MaxOutputBytes"/>); after EOF the most common plausible crop (<see cref="CropVote"/>)
/// is applied on the grid, the outer <see cref="HashMarginFraction"/> is left out, each frame is area-resampled to
/// 32x32 and hashed (<see cref="PerceptualHash"/>). Doing crop detection in the same decode avoids a second process
/// (a separate cropdetect pass cost more than the whole 15 % budget over a bare decode on short clips).
/// At most <see cref="MediaToolsOptions.HashConcurrency"/> runs execute at once per instance; further calls wait.
/// Thread-safe. Never throws for bad media or tool problems (typed <see cref="FingerprintOutcome"/>); throws
/// <see cref="OperationCanceledException"/> on cancellation.
/// </summary>
public sealed partial class VideoFingerprinter : IDisposable
{
    /// <summary>
    /// Fraction of the (cropped) picture left out of the hash on EACH side: 12 % of the width at left and right, 12 % of
    /// the height at top and bottom, so the central 76 % x 76 % is hashed. Broadcasters and re-uploaders put scoreboards,
    /// channel logos, tickers and watermarks in that border, and in football it also holds the stands and advertising
    /// boards, which every goal of a match shares. Leaving it out makes copies with different graphics match and makes
    /// different goals of the same match less alike (chosen on the labelled set: docs/hashing.md). Part of the
    /// fingerprint format: changing it makes stored fingerprints incomparable.
    /// </summary>
    public const double HashMarginFraction = 0.12;

    private readonly ToolRunner _runner;
    private readonly ClipProber _prober;
    private readonly FingerprintOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;

    public VideoFingerprinter(MediaToolsOptions? tools = null, FingerprintOptions? options = null, ILogger<VideoFingerprinter>? logger = null)
    {
        tools ??= MediaToolsOptions.Default;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _runner = new ToolRunner(tools, _logger);
        _prober = new ClipProber(_runner, _logger);
        _options = options ?? FingerprintOptions.Default;
        if (_options.FramesPerSecond is <= 0 or > 60) throw new ArgumentOutOfRangeException(nameof(options), "FramesPerSecond must be in (0, 60]");
        if (_options.GridSize < PerceptualHash.FrameSize) throw new ArgumentOutOfRangeException(nameof(options), "GridSize must be >= 32");
        _slots = new SemaphoreSlim(Math.Max(1, tools.HashConcurrency));
    }

    public FingerprintOptions Options => _options;

    /// <summary>The ffmpeg arguments used for <paramref name="file"/> (documentation, benchmarks, tests).</summary>
    public IReadOnlyList<string> BuildArguments(string file)
    {
        var tools = _runner.Options;
        var g = _options.GridSize.ToString(CultureInfo.InvariantCulture);
        var fps = _options.FramesPerSecond.ToString("0.######", CultureInfo.InvariantCulture);
        var args = new List<string> { "-nostdin", "-hide_banner", "-nostats", "-v", "info" };
        if (tools.DecoderThreads > 0) args.AddRange(["-threads", tools.DecoderThreads.ToString(CultureInfo.InvariantCulture)]);
        if (_options.DecodeShortcuts) args.AddRange(["-skip_loop_filter", "all", "-skip_frame", "noref"]);
        args.AddRange(MediaArgs.InputRestrictions(tools));
        args.AddRange(["-i", MediaArgs.FileUrl(Path.GetFullPath(file))]);
        args.AddRange([
            "-filter_complex",
            $"[0:V:0]fps={fps},split=3[c][i][h];" +
            $"[c]cropdetect=limit={_options.CropLimit}:round=2:reset=1:skip=0,nullsink;" +
            "[i]trim=end_frame=1,showinfo,nullsink;" +
            $"[h]scale={g}:{g}:flags=area,format=gray[out]",
            "-map", "[out]", "-an", "-sn", "-dn",
            "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
        ]);
        return args;
    }

    /// <summary>
    /// Fingerprints <paramref name="file"/>. Pass the <paramref name="probe"/> from <see cref="ClipProber"/> when you
    /// have it; otherwise the file is probed first. Never throws for bad media or tool problems (typed failure);
    /// throws <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async Task<FingerprintOutcome> FingerprintAsync(string file, ClipProbe? probe = null, CancellationToken cancellationToken = default)
    {
        if (probe is null)
        {
            var probed = await _prober.ProbeAsync(file, cancellationToken).ConfigureAwait(false);
            if (!probed.Succeeded)
                return FingerprintOutcome.Fail(
                    probed.FailureKind == ProbeFailureKind.ToolFailure ? FingerprintFailureKind.ToolFailure : FingerprintFailureKind.Unreadable,
                    probed.Reason ?? "probe failed", probed.ToolFailure);
            probe = probed.Probe!;
        }
        if (!probe.HasVideo) return FingerprintOutcome.Fail(FingerprintFailureKind.Unreadable, "no video stream");

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(file, probe, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<FingerprintOutcome> RunAsync(string file, ClipProbe probe, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (capture, failure) = await CaptureAsync(file, probe, cancellationToken).ConfigureAwait(false);
        if (failure is not null) return failure;
        var fingerprint = capture!.ToFingerprint(HashMarginFraction);
        clock.Stop();
        _logger.LogDebug("Fingerprinted {File}: {Frames} frames, crop {Crop}, {Elapsed} ms", file, capture.Count, fingerprint.Crop ?? "none", clock.ElapsedMilliseconds);
        return new FingerprintOutcome(fingerprint, null, null, null, clock.Elapsed);
    }

    /// <summary>Runs the ffmpeg pass and returns the sampled grid frames and the crop vote (before hashing).</summary>
    internal async Task<(GridCapture? Capture, FingerprintOutcome? Failure)> CaptureAsync(string file, ClipProbe probe, CancellationToken cancellationToken)
    {
        var grid = _options.GridSize;
        var frameBytes = grid * grid;
        var vote = new CropVote(_options.NegligibleCropFraction, _options.MinCropKeepFraction);
        int frameWidth = 0, frameHeight = 0;
        var frames = new GridCapture.FrameStore(frameBytes);

        void OnStderr(string line)
        {
            if (vote.AddLine(line)) return;
            if (frameWidth == 0 && line.Contains("showinfo", StringComparison.Ordinal) && SizePattern().Match(line) is { Success: true } m)
            {
                frameWidth = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                frameHeight = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        async Task ReadFrames(Stream stdout, CancellationToken token)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(frameBytes);
            try
            {
                while (true)
                {
                    var read = await stdout.ReadAtLeastAsync(buffer.AsMemory(0, frameBytes), frameBytes, throwOnEndOfStream: false, token).ConfigureAwait(false);
                    if (read < frameBytes) break; // EOF (a partial trailing frame is dropped)
                    frames.Add(buffer.AsSpan(0, frameBytes));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var outcome = await _runner.RunAsync(_runner.Options.FfmpegPath, BuildArguments(file), ReadFrames, OnStderr, cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
            return (null, FingerprintOutcome.Fail(FingerprintFailureKind.ToolFailure, failure.Describe(), failure));
        if (frames.Count == 0)
            return (null, FingerprintOutcome.Fail(FingerprintFailureKind.NoFrames, "ffmpeg decoded no frames" + StderrHint(outcome.Run!.StderrTail)));

        var interval = 1.0 / _options.FramesPerSecond;
        var covered = frames.Count * interval;
        if (probe.DurationSeconds >= 2 && covered < _options.MinCoverage * probe.DurationSeconds)
            return (null, FingerprintOutcome.Fail(FingerprintFailureKind.Truncated,
                string.Create(CultureInfo.InvariantCulture, $"only {covered:0.##} s of {probe.DurationSeconds:0.##} s could be decoded")));

        CropRect? crop = frameWidth > 0 ? vote.Decide(frameWidth, frameHeight) : null;
        return (new GridCapture(grid, frames, crop, frameWidth, frameHeight, interval, probe.DurationSeconds), null);
    }

    /// <summary>
    /// The part of the frame that is hashed: the crop (or the whole frame), minus <paramref name="margin"/> of its
    /// width and height on every side, in grid units.
    /// </summary>
    public static FrameGrid HashRegion(int grid, CropRect? crop, int frameWidth, int frameHeight, double margin = HashMarginFraction)
    {
        if (frameWidth <= 0 || frameHeight <= 0) (frameWidth, frameHeight, crop) = (grid, grid, null);
        var r = crop ?? new CropRect(frameWidth, frameHeight, 0, 0);
        double sx = (double)grid / frameWidth, sy = (double)grid / frameHeight;
        double mx = r.Width * margin, my = r.Height * margin;
        return new FrameGrid(grid, (r.X + mx) * sx, (r.Y + my) * sy, (r.X + r.Width - mx) * sx, (r.Y + r.Height - my) * sy);
    }

    private static string StderrHint(string tail) => tail.Length == 0 ? "" : $" ({ToolFailure.LastLine(tail)})";

    [GeneratedRegex(@"(?<![A-Za-z_])s:(\d+)x(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    public void Dispose() => _slots.Dispose();
}

/// <summary>The sampled GxG gray frames of one clip and its crop decision, before hashing (design sweeps, tests).</summary>
internal sealed class GridCapture(int grid, GridCapture.FrameStore frames, CropRect? crop, int frameWidth, int frameHeight,
    double interval, double durationSeconds)
{
    public int Grid { get; } = grid;
    public CropRect? Crop { get; } = crop;
    public int FrameWidth { get; } = frameWidth;
    public int FrameHeight { get; } = frameHeight;
    public int Count => frames.Count;
    public ReadOnlySpan<byte> Frame(int index) => frames.Get(index);

    /// <summary>The same frames with another crop decision (tests: what the bars would do to the hashes).</summary>
    public GridCapture WithCrop(CropRect? other) => new(Grid, frames, other, FrameWidth, FrameHeight, interval, durationSeconds);

    public VideoFingerprint ToFingerprint(double margin, int lowestFrequency = PerceptualHash.LowestFrequency)
    {
        var region = VideoFingerprinter.HashRegion(Grid, Crop, FrameWidth, FrameHeight, margin);
        var hashes = new ulong[Count];
        var mirrors = new ulong[Count];
        var pixels = new float[PerceptualHash.FrameBytes];
        for (var i = 0; i < Count; i++)
        {
            region.Resample(frames.Get(i), pixels);
            (hashes[i], mirrors[i]) = PerceptualHash.Compute(pixels, lowestFrequency);
        }
        return new VideoFingerprint(interval, hashes, mirrors, Crop?.ToString(), durationSeconds);
    }

    /// <summary>Grid frames in 1 MiB chunks (no large contiguous buffer; nothing copied on growth).</summary>
    internal sealed class FrameStore(int frameBytes)
    {
        private readonly int _perChunk = Math.Max(1, (1 << 20) / frameBytes);
        private readonly List<byte[]> _chunks = [];
        public int Count { get; private set; }

        public void Add(ReadOnlySpan<byte> frame)
        {
            var slot = Count % _perChunk;
            if (slot == 0) _chunks.Add(new byte[_perChunk * frameBytes]);
            frame.CopyTo(_chunks[^1].AsSpan(slot * frameBytes, frameBytes));
            Count++;
        }

        public ReadOnlySpan<byte> Get(int index) =>
            _chunks[index / _perChunk].AsSpan(index % _perChunk * frameBytes, frameBytes);
    }
}
