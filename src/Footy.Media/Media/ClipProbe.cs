using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Media;

/// <summary>
/// What ffprobe says about a downloaded clip. <see cref="Width"/>/<see cref="Height"/> are DISPLAY dimensions: the coded
/// size corrected by the sample aspect ratio (width scaled) and then by the rotation side data (swapped for ±90°/270°),
/// which is what a viewer sees and what the filters must judge. <see cref="BitRate"/> is the video stream's bit rate
/// when the container states it, else the overall bit rate, else bytes*8/duration. Audio-only media probe successfully
/// with <see cref="HasVideo"/> false, zero dimensions and an empty codec.
/// </summary>
public sealed record ClipProbe(
    double DurationSeconds,
    int Width,
    int Height,
    string VideoCodec,
    long BitRate,
    long Bytes,
    bool HasVideo)
{
    [System.Text.Json.Serialization.JsonIgnore] public int ShortEdge => Math.Min(Width, Height);
    [System.Text.Json.Serialization.JsonIgnore] public double AspectRatio => Height == 0 ? 0 : (double)Width / Height;
}

public enum ProbeFailureKind
{
    /// <summary>Not a recognised media container (HTML error page, text, still image, unknown data).</summary>
    NotAVideo,
    /// <summary>A media container that cannot be read: empty, truncated (e.g. "moov atom not found"), no duration, zero size.</summary>
    Corrupt,
    /// <summary>ffprobe itself failed: missing, timed out, produced too much output or unparseable JSON.</summary>
    ToolFailure,
}

/// <summary>Result of <see cref="ClipProber.ProbeAsync"/>: either <see cref="Probe"/> or a failure kind with a reason.</summary>
public sealed record ProbeOutcome(ClipProbe? Probe, ProbeFailureKind? FailureKind, string? Reason, ToolFailure? ToolFailure = null)
{
    public bool Succeeded => Probe is not null;
    public static ProbeOutcome Ok(ClipProbe probe) => new(probe, null, null);
    public static ProbeOutcome Fail(ProbeFailureKind kind, string reason, ToolFailure? tool = null) => new(null, kind, reason, tool);
    public override string ToString() => Succeeded ? $"Ok({Probe})" : $"{FailureKind}: {Reason}";
}

/// <summary>Runs <c>ffprobe -print_format json -show_format -show_streams</c> on a local file and interprets it.</summary>
public sealed class ClipProber
{
    private readonly ToolRunner _runner;
    private readonly ILogger _logger;

    public ClipProber(MediaToolsOptions? options = null, ILogger<ClipProber>? logger = null)
        : this(new ToolRunner(options, logger), logger) { }

    public ClipProber(ToolRunner runner, ILogger? logger = null)
    {
        _runner = runner;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<ProbeOutcome> ProbeAsync(string file, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(file);
        if (!info.Exists) return ProbeOutcome.Fail(ProbeFailureKind.Corrupt, $"file not found: {file}");
        if (info.Length == 0) return ProbeOutcome.Fail(ProbeFailureKind.Corrupt, "empty file (0 bytes)");

        var options = _runner.Options;
        var args = new List<string> { "-hide_banner", "-v", "error" };
        args.AddRange(MediaArgs.InputRestrictions(options));
        args.AddRange(["-print_format", "json", "-show_format", "-show_streams", "-i", MediaArgs.FileUrl(info.FullName)]);

        var outcome = await _runner.RunAsync(options.FfprobePath, args, cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
        {
            if (failure is ToolFailure.Crashed crashed) return ClassifyProbeError(info, crashed);
            return ProbeOutcome.Fail(ProbeFailureKind.ToolFailure, failure.Describe(), failure);
        }

        try
        {
            return Interpret(outcome.Run!.Stdout, info.Length);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning("ffprobe JSON for {File} could not be parsed: {Message}", file, ex.Message);
            return ProbeOutcome.Fail(ProbeFailureKind.ToolFailure, $"unparseable ffprobe output: {ex.Message}");
        }
    }

    private static ProbeOutcome ClassifyProbeError(FileInfo file, ToolFailure.Crashed crashed)
    {
        // Killed by a signal (128 + n on Unix): ffprobe itself broke (segfault, OOM killer), whatever the file is.
        if (crashed.ExitCode is > 128 or < 0)
            return ProbeOutcome.Fail(ProbeFailureKind.ToolFailure, $"ffprobe crashed ({crashed.Describe()})", crashed);
        var tail = crashed.StderrTail;
        var last = ToolFailure.LastLine(tail);
        if (tail.Contains("not on whitelist", StringComparison.OrdinalIgnoreCase))
            return ProbeOutcome.Fail(ProbeFailureKind.NotAVideo, $"not a video container ({last})", crashed);
        var moovMissing = tail.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase);
        if (moovMissing || tail.Contains("Invalid data found", StringComparison.OrdinalIgnoreCase))
        {
            // The demuxer is also chosen by file extension, so an HTML page saved as .mp4 fails as "moov atom not
            // found" too: only a file that starts like a video container is a damaged video.
            if (!LooksLikeVideoContainer(file))
                return ProbeOutcome.Fail(ProbeFailureKind.NotAVideo, $"not a media file{SniffHint(file)}", crashed);
            return ProbeOutcome.Fail(ProbeFailureKind.Corrupt,
                moovMissing ? "truncated MP4 (moov atom not found)" : $"video container that cannot be read ({last})", crashed);
        }
        return ProbeOutcome.Fail(ProbeFailureKind.Corrupt,
            last.Length == 0 ? $"ffprobe rejected the file without a message (exit code {crashed.ExitCode})" : $"ffprobe rejected the file: {last}", crashed);
    }

    /// <summary>Parses ffprobe's JSON (exposed for tests).</summary>
    public static ProbeOutcome Interpret(ReadOnlySpan<byte> json, long fileBytes)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().ToList()
            : [];

        var formatName = format.ValueKind == JsonValueKind.Object ? Str(format, "format_name") ?? "" : "";
        if (formatName.Contains("image2", StringComparison.Ordinal) || formatName.EndsWith("_pipe", StringComparison.Ordinal))
            return ProbeOutcome.Fail(ProbeFailureKind.NotAVideo, $"still image ({formatName})");

        var video = streams.FirstOrDefault(st => Str(st, "codec_type") == "video" && !IsAttachedPicture(st));
        var hasAudio = streams.Any(st => Str(st, "codec_type") == "audio");
        if (video.ValueKind != JsonValueKind.Object && !hasAudio)
            return ProbeOutcome.Fail(ProbeFailureKind.NotAVideo, "no video or audio stream");

        var bytes = format.ValueKind == JsonValueKind.Object ? Long(format, "size") ?? fileBytes : fileBytes;
        var duration = format.ValueKind == JsonValueKind.Object ? Dbl(format, "duration") : null;
        if (duration is null or <= 0 && video.ValueKind == JsonValueKind.Object) duration = Dbl(video, "duration");
        if (duration is null || double.IsNaN(duration.Value) || duration <= 0)
            return ProbeOutcome.Fail(ProbeFailureKind.Corrupt, "no duration (stream is damaged or not seekable)");

        if (video.ValueKind != JsonValueKind.Object)
            return ProbeOutcome.Ok(new ClipProbe(duration.Value, 0, 0, "", OverallBitRate(format, bytes, duration.Value), bytes, false));

        var codedWidth = (int)(Long(video, "width") ?? 0);
        var codedHeight = (int)(Long(video, "height") ?? 0);
        if (codedWidth <= 0 || codedHeight <= 0)
            return ProbeOutcome.Fail(ProbeFailureKind.Corrupt, "video stream without dimensions");

        var (width, height) = DisplaySize(codedWidth, codedHeight, Str(video, "sample_aspect_ratio"), Rotation(video));
        var bitRate = Long(video, "bit_rate") is > 0 and var vb ? vb : OverallBitRate(format, bytes, duration.Value);
        var codec = Str(video, "codec_name") ?? "unknown";
        return ProbeOutcome.Ok(new ClipProbe(duration.Value, width, height, codec, bitRate, bytes, true));
    }

    /// <summary>Display size: width corrected by SAR, then swapped when the rotation is an odd multiple of 90°.</summary>
    public static (int Width, int Height) DisplaySize(int codedWidth, int codedHeight, string? sampleAspectRatio, double rotationDegrees)
    {
        var width = codedWidth;
        if (TryRatio(sampleAspectRatio, out var num, out var den) && num > 0 && den > 0 && num != den)
            width = (int)Math.Round(codedWidth * (double)num / den, MidpointRounding.AwayFromZero);
        var quarterTurns = (int)Math.Round(rotationDegrees / 90.0);
        return Math.Abs(quarterTurns) % 2 == 1 ? (codedHeight, width) : (width, codedHeight);
    }

    private static double Rotation(JsonElement video)
    {
        if (video.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var r))
                {
                    if (r.ValueKind == JsonValueKind.Number) return r.GetDouble();
                    if (r.ValueKind == JsonValueKind.String && double.TryParse(r.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rs)) return rs;
                }
            }
        }
        if (video.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object && Dbl(tags, "rotate") is { } tagged)
            return tagged;
        return 0;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.Object &&
        d.TryGetProperty("attached_pic", out var a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;

    private static long OverallBitRate(JsonElement format, long bytes, double duration) =>
        format.ValueKind == JsonValueKind.Object && Long(format, "bit_rate") is > 0 and var b
            ? b
            : (long)Math.Round(bytes * 8 / duration);

    private static bool TryRatio(string? text, out long num, out long den)
    {
        num = den = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split(':', '/');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out num)
                                 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out den);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null
            : null;

    private static double? Dbl(JsonElement e, string name) =>
        Str(e, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    private static long? Long(JsonElement e, string name) =>
        Str(e, name) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;

    private static bool LooksLikeVideoContainer(FileInfo file)
    {
        Span<byte> head = stackalloc byte[189];
        int n;
        try
        {
            using var stream = file.OpenRead();
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException) { return false; }
        if (n >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') return true; // ISO BMFF (mp4/mov)
        if (n >= 8 && head[4] == 'm' && head[5] == 'd' && head[6] == 'a' && head[7] == 't') return true;
        if (n >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3) return true; // EBML (mkv/webm)
        if (n >= 3 && head[0] == 'F' && head[1] == 'L' && head[2] == 'V') return true;
        if (n >= 189 && head[0] == 0x47 && head[188] == 0x47) return true; // MPEG-TS sync bytes, 188-byte packets
        return false;
    }

    private static string SniffHint(FileInfo file)
    {
        try
        {
            using var stream = file.OpenRead();
            var buffer = new byte[256];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, n).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (text.StartsWith('<')) return " (looks like HTML/XML, e.g. an error page)";
            if (text.StartsWith('{') || text.StartsWith('[')) return " (looks like JSON)";
            return "";
        }
        catch (IOException) { return ""; }
    }
}

internal static class MediaArgs
{
    /// <summary>Forces the local-file protocol so a name can never be read as a URL or another protocol.</summary>
    public static string FileUrl(string fullPath) => "file:" + fullPath;

    /// <summary>Input options that keep untrusted downloads from pulling in other files/URLs.</summary>
    public static IEnumerable<string> InputRestrictions(MediaToolsOptions options)
    {
        yield return "-protocol_whitelist";
        yield return "file";
        if (!string.IsNullOrWhiteSpace(options.AllowedDemuxers))
        {
            yield return "-format_whitelist";
            yield return options.AllowedDemuxers;
        }
    }
}
