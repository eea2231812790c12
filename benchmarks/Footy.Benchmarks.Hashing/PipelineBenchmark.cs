using Footy.Media.Synthetic;
using System.Globalization;
using System.Text;
using Footy.Media;
using Footy.Media.Tests.Synthetic;

namespace Footy.Benchmarks.Hashing;

/// <summary>
/// Side by side, on the same clips, in one run:
/// (a) floor: ffmpeg decoding the whole clip (<c>ffmpeg -i clip -f null -</c>);
/// (b) our fingerprint: <see cref="VideoFingerprinter.FingerprintAsync"/> (one ffmpeg process: decoder shortcuts, fps=4
///     sampling, cropdetect, 128x128 gray grid to stdout; then crop, 32x32 area resample and DCT pHash in C#), probe
///     passed in (not timed);
/// (b0) the same without the decoder shortcuts (<see cref="FingerprintOptions.DecodeShortcuts"/> = false): what they buy;
/// (c) the reference approach: one ffmpeg process per sampled frame (<c>-ss t -i clip -frames:v 1</c>, every 0.25 s,
///     scaled to 32x32 gray), run one after another, plus the same pHash in C#.
/// (a), (b) and (b0) alternate (a, b, b0, a, b, b0, ...) after one warm-up each so load changes hit them alike.
/// </summary>
public static class PipelineBenchmark
{
    /// <param name="Keyint">x264 keyframe interval in frames: 250 is x264's default (10 s at 25 fps, plus scene-cut
    /// keyframes); 50 (2 s) is a streaming-style GOP. Only (c) depends on it: every per-frame process decodes from the
    /// keyframe before its timestamp.</param>
    private sealed record BenchClip(string Name, int Width, int Height, double Seconds, int Keyint);

    private static readonly BenchClip[] Clips =
    [
        new("bench-720p-20s", 1280, 720, 20, 250),
        new("bench-720p-40s", 1280, 720, 40, 250),
        new("bench-1080p-30s", 1920, 1080, 30, 250),
        new("bench-720p-20s-gop2s", 1280, 720, 20, 50),
        new("bench-1080p-30s-gop2s", 1920, 1080, 30, 50),
    ];

    public static async Task RunAsync(BenchSettings s)
    {
        var tools = new MediaToolsOptions { FfmpegPath = s.Ffmpeg, FfprobePath = s.Ffprobe, ProcessTimeout = TimeSpan.FromMinutes(5) };
        var scene = LabelledSet.Goals[0];
        var jobs = Clips.Where(c => s.Only is null || c.Name == s.Only).Select(c => new SyntheticCache.Job(c.Name, SyntheticFootage.RenderArguments(
            scene with { GoalId = c.Name }, SyntheticCache.OutputToken(c.Name), c.Width, c.Height, crf: 20, preset: "veryfast",
            keyint: c.Keyint, durationOverride: c.Seconds, grain: 4))).ToList();
        Console.Error.WriteLine("generating benchmark clips (cached after the first run) ...");
        var files = await SyntheticCache.EnsureAsync(jobs, s.Root, s.Ffmpeg, log: Console.Error.WriteLine);

        var runner = new ToolRunner(tools);
        var prober = new ClipProber(tools);
        using var fingerprinter = new VideoFingerprinter(tools);
        using var exactDecode = new VideoFingerprinter(tools, FingerprintOptions.Default with { DecodeShortcuts = false });
        var loadBefore = CpuClock.LoadAverage();
        var rows = new List<string>();
        var cpuRows = new List<string>();
        var ratiosWall = new List<(double ba, double cb)>();
        var ratiosCpu = new List<(double ba, double cb)>();

        foreach (var clip in Clips.Where(c => s.Only is null || c.Name == s.Only))
        {
            var path = files.Files[clip.Name];
            var probe = (await prober.ProbeAsync(path)).Probe ?? throw new InvalidOperationException($"cannot probe {path}");
            var decodedFrames = await CountFramesAsync(runner, s.Ffprobe, path);

            Task<int> Floor() => RunFloorAsync(runner, s.Ffmpeg, path);
            async Task<int> Hash(VideoFingerprinter with)
            {
                var outcome = await with.FingerprintAsync(path, probe);
                return outcome.Fingerprint?.FrameCount ?? throw new InvalidOperationException(outcome.ToString());
            }
            Task<int> Ours() => Hash(fingerprinter);
            Task<int> OursExact() => Hash(exactDecode);

            await Floor();
            await Ours();
            await OursExact();
            var a = new List<Usage>();
            var b = new List<Usage>();
            var b0 = new List<Usage>();
            var hashes = 0;
            for (var r = 0; r < s.Repetitions; r++)
            {
                a.Add((await CpuClock.MeasureAsync(Floor)).Usage);
                var (n, usage) = await CpuClock.MeasureAsync(Ours);
                hashes = n;
                b.Add(usage);
                b0.Add((await CpuClock.MeasureAsync(OursExact)).Usage);
                Console.Error.WriteLine($"{clip.Name} rep {r + 1}: floor {a[^1].WallSeconds:0.000} s ({a[^1].CpuSeconds:0.000} cpu), fingerprint {b[^1].WallSeconds:0.000} s ({b[^1].CpuSeconds:0.000} cpu), exact decode {b0[^1].WallSeconds:0.000} s ({b0[^1].CpuSeconds:0.000} cpu)");
            }
            var c = new List<Usage>();
            for (var r = 0; r < s.PerFrameRepetitions; r++)
            {
                var (n, usage) = await CpuClock.MeasureAsync(() => PerFrameAsync(runner, s.Ffmpeg, path, probe.DurationSeconds));
                c.Add(usage);
                Console.Error.WriteLine($"{clip.Name} per-frame rep {r + 1}: {n} processes, {usage.WallSeconds:0.00} s ({usage.CpuSeconds:0.00} cpu, {usage.WallSeconds / n * 1000:0} ms per frame)");
            }

            double aw = CpuClock.Median(a.Select(x => x.WallSeconds)), bw = CpuClock.Median(b.Select(x => x.WallSeconds)), cw = CpuClock.Median(c.Select(x => x.WallSeconds));
            double ac = CpuClock.Median(a.Select(x => x.CpuSeconds)), bc = CpuClock.Median(b.Select(x => x.CpuSeconds)), cc = CpuClock.Median(c.Select(x => x.CpuSeconds));
            double b0w = CpuClock.Median(b0.Select(x => x.WallSeconds)), b0c = CpuClock.Median(b0.Select(x => x.CpuSeconds));
            ratiosWall.Add((bw / aw, cw / bw));
            ratiosCpu.Add((bc / ac, cc / bc));
            rows.Add(Inv($"| {clip.Width}x{clip.Height}, {probe.DurationSeconds:0} s, GOP {clip.Keyint / 25.0:0} s, {decodedFrames} frames, {probe.BitRate / 1e6:0.0} Mbit/s | {hashes} | {aw:0.000} (min {a.Min(x => x.WallSeconds):0.000}) | {bw:0.000} (min {b.Min(x => x.WallSeconds):0.000}) | {b0w:0.000} | {cw:0.00} | **{bw / aw:0.00}** | **{cw / bw:0.0}** | {b0w / aw:0.00} |"));
            cpuRows.Add(Inv($"| {clip.Width}x{clip.Height}, {probe.DurationSeconds:0} s, GOP {clip.Keyint / 25.0:0} s | {ac:0.000} (ffmpeg {CpuClock.Median(a.Select(x => x.ChildCpuSeconds)):0.000}) | {bc:0.000} (ffmpeg {CpuClock.Median(b.Select(x => x.ChildCpuSeconds)):0.000} + C# {CpuClock.Median(b.Select(x => x.OwnCpuSeconds)):0.000}) | {b0c:0.000} | {cc:0.00} | **{bc / ac:0.00}** | **{cc / bc:0.0}** | {b0c / ac:0.00} |"));
        }

        var md = new StringBuilder();
        md.AppendLine($"Machine: {CpuClock.Machine()}; load average before {loadBefore}, after {CpuClock.LoadAverage()}.");
        md.AppendLine($"ffmpeg: {await FirstLineAsync(runner, s.Ffmpeg)}. Repetitions: (a)/(b)/(b0) {s.Repetitions} each after 1 warm-up, alternating; (c) {s.PerFrameRepetitions}.");
        md.AppendLine();
        md.AppendLine("Wall-clock seconds per clip (median of the repetitions):");
        md.AppendLine();
        md.AppendLine("| Clip (H.264, 25 fps) | hashes | (a) decode floor | (b) our fingerprint | (b0) without decoder shortcuts | (c) process per frame | (b)/(a) | (c)/(b) | (b0)/(a) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows) md.AppendLine(r);
        md.AppendLine();
        md.AppendLine("CPU seconds per clip (user + system of the ffmpeg processes, plus this process's own CPU for (b) and (c)):");
        md.AppendLine();
        md.AppendLine("| Clip | (a) | (b) | (b0) | (c) | (b)/(a) | (c)/(b) | (b0)/(a) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in cpuRows) md.AppendLine(r);
        md.AppendLine();
        md.AppendLine(Inv($"(b)/(a), all clips: wall {ratiosWall.Min(x => x.ba):0.00}-{ratiosWall.Max(x => x.ba):0.00}, CPU {ratiosCpu.Min(x => x.ba):0.00}-{ratiosCpu.Max(x => x.ba):0.00} (target <= 1.15)."));
        md.AppendLine(Inv($"(c)/(b), all clips: wall {ratiosWall.Min(x => x.cb):0.0}-{ratiosWall.Max(x => x.cb):0.0}, CPU {ratiosCpu.Min(x => x.cb):0.0}-{ratiosCpu.Max(x => x.cb):0.0} (target >= 15)."));
        Console.WriteLine(md.ToString());
    }

    private static async Task<int> RunFloorAsync(ToolRunner runner, string ffmpeg, string path)
    {
        var outcome = await runner.RunAsync(ffmpeg, ["-nostdin", "-hide_banner", "-v", "error", "-i", path, "-f", "null", "-"]);
        return outcome.Succeeded ? 1 : throw new InvalidOperationException(outcome.Failure!.Describe());
    }

    /// <summary>The reference approach: one ffmpeg per 0.25 s timestamp, input seek, one 32x32 gray frame each.</summary>
    private static async Task<int> PerFrameAsync(ToolRunner runner, string ffmpeg, string path, double duration)
    {
        var count = 0;
        ulong sink = 0;
        for (var t = 0.0; t < duration - 0.05; t += 0.25)
        {
            var outcome = await runner.RunAsync(ffmpeg,
            [
                "-nostdin", "-hide_banner", "-v", "error", "-ss", t.ToString("0.###", CultureInfo.InvariantCulture), "-i", path,
                "-frames:v", "1", "-vf", "scale=32:32:flags=area,format=gray", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
            ]);
            if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Failure!.Describe());
            var bytes = outcome.Run!.Stdout;
            if (bytes.Length >= PerceptualHash.FrameBytes)
            {
                sink ^= PerceptualHash.Compute(bytes.AsSpan(0, PerceptualHash.FrameBytes)).Hash;
                count++;
            }
        }
        GC.KeepAlive(sink);
        return count;
    }

    private static async Task<int> CountFramesAsync(ToolRunner runner, string ffprobe, string path)
    {
        var outcome = await runner.RunAsync(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=nb_frames", "-of", "csv=p=0", path]);
        return outcome.Succeeded && int.TryParse(Encoding.UTF8.GetString(outcome.Run!.Stdout).Trim(), out var n) ? n : -1;
    }

    private static async Task<string> FirstLineAsync(ToolRunner runner, string ffmpeg)
    {
        var outcome = await runner.RunAsync(ffmpeg, ["-version"]);
        return outcome.Succeeded ? Encoding.UTF8.GetString(outcome.Run!.Stdout).Split('\n')[0].Trim() : "unknown";
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
