using Footy.Media.Synthetic;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Footy.Media.Tests.Synthetic;

/// <summary>One generated clip and its label: clips with the same <see cref="GoalId"/> are the same footage.</summary>
public sealed record LabelledClip(string Id, string GoalId, string MatchId, string Variant, string Path);

/// <summary>
/// A small labelled set of synthetic goal clips: several goals of the SAME match (same pitch, colours, scoreboard and
/// camera style: the hard negatives), one goal of another match, and variants of each goal (trims, re-encodes,
/// resolutions, bars, logo, mirror, zoom, frame rate, a shared broadcaster ident). Generated once into a directory named
/// by the hash of everything that determines the files (ffmpeg version and every argument), so later runs reuse it.
/// </summary>
public sealed class LabelledSet
{

    public static IReadOnlyList<GoalScene> Goals { get; } =
    [
        new(SyntheticFootage.DefaultMatch, "m1-g1", 101, "1-0", 12, HomeScored: true),
        new(SyntheticFootage.DefaultMatch, "m1-g2", 202, "1-1", 34, HomeScored: false),
        new(SyntheticFootage.DefaultMatch, "m1-g3", 303, "2-1", 58, HomeScored: true),
        new(SyntheticFootage.DefaultMatch, "m1-g4", 404, "3-1", 81, HomeScored: true),
        // Same camera move as m1-g1 at 75 % speed, other players, other scorer: the hardest negative of the set.
        new(SyntheticFootage.DefaultMatch, "m1-g5", 606, "4-1", 88, HomeScored: true, CameraSeed: 101, CameraSpeed: 0.75),
        new(SyntheticFootage.OtherMatch, "m2-g1", 505, "0-1", 27, HomeScored: false),
    ];

    public static IReadOnlyList<VariantSpec> Variants { get; } =
    [
        new("720p", 1280, 720, Crf: 21),
        new("360p"),
        new("trim-start", Start: 2.3),
        new("trim-end", Duration: 8.7),
        new("trim-both", 854, 480, Start: 1.1, Duration: 9.3),
        new("lowq", Crf: 40),
        new("1080p", 1920, 1080, Crf: 26, Preset: "ultrafast"),
        new("letterbox", PadWidth: 640, PadHeight: 640),
        new("pillarbox", PadWidth: 960, PadHeight: 360),
        new("logo", Logo: true),
        new("mirror", Mirror: true),
        new("zoom", ZoomKeep: 0.92),
        new("fps30", Fps: 30, Crf: 30),
        new("ident", Start: 1.0, Ident: true),
    ];

    /// <summary>Goals with fewer variants (to keep the set small): the other match's goal is an easy negative, m1-g5 a hard one.</summary>
    private static readonly Dictionary<string, string[]> ReducedVariants = new()
    {
        ["m2-g1"] = ["360p", "trim-start", "logo", "letterbox"],
        ["m1-g5"] = ["360p", "trim-end", "logo", "mirror", "zoom", "1080p"],
    };

    public string Directory { get; }
    public IReadOnlyList<LabelledClip> Clips { get; }
    public bool WasCached { get; }
    public TimeSpan GenerationTime { get; }

    private LabelledSet(string directory, IReadOnlyList<LabelledClip> clips, bool cached, TimeSpan elapsed)
    {
        Directory = directory;
        Clips = clips;
        WasCached = cached;
        GenerationTime = elapsed;
    }

    private static List<SyntheticCache.Job> Plan(out List<(string Job, LabelledClip Clip)> clips)
    {
        var jobs = new List<SyntheticCache.Job>();
        clips = [];
        foreach (var goal in Goals)
        {
            var master = $"{goal.GoalId}-master";
            // The master is rendered at 640x360 (most variants are 360p; rendering and re-decoding 720p for each variant
            // doubled the generation time); the 720p/1080p variants are upscaled from it.
            jobs.Add(new SyntheticCache.Job(master, SyntheticFootage.RenderArguments(goal, SyntheticCache.OutputToken(master), 640, 360, crf: 14)));
            foreach (var v in Variants)
            {
                if (ReducedVariants.TryGetValue(goal.GoalId, out var only) && !only.Contains(v.Name)) continue;
                var name = $"{goal.GoalId}-{v.Name}";
                jobs.Add(new SyntheticCache.Job(name,
                    SyntheticFootage.VariantArguments(SyntheticCache.InputToken(master), SyntheticCache.OutputToken(name), v), master));
                clips.Add((name, new LabelledClip($"{goal.GoalId}/{v.Name}", goal.GoalId, goal.Look.MatchId, v.Name, "")));
            }
        }
        return jobs;
    }

    /// <summary>The goals' master files (generated or reused), for variants made outside the set.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> MasterFilesAsync(string? root = null, string ffmpeg = "ffmpeg", CancellationToken cancellationToken = default)
    {
        var masters = Plan(out _).Where(j => j.DependsOn is null).ToList();
        var result = await SyntheticCache.EnsureAsync(masters, root, ffmpeg, cancellationToken: cancellationToken);
        return masters.ToDictionary(j => j.Name[..^"-master".Length], j => result.Files[j.Name]);
    }

    /// <summary>Generates the set (or reuses the cached files, see <see cref="SyntheticCache"/>).</summary>
    public static async Task<LabelledSet> EnsureAsync(string? root = null, string ffmpeg = "ffmpeg", int? parallelism = null,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var jobs = Plan(out var planned);
        var result = await SyntheticCache.EnsureAsync(jobs, root, ffmpeg, parallelism, log, cancellationToken);
        var clips = planned.Select(p => p.Clip with { Path = result.Files[p.Job] }).ToList();
        return new LabelledSet(result.Root, clips, result.Generated == 0, result.Elapsed);
    }
}

/// <summary>
/// Content-addressed cache of generated clips. Every file is named by the hash of the ffmpeg version, the generator
/// version, its arguments and the file names of the files it is made from, so a rerun generates nothing and changing one
/// variant regenerates only it. Files are written under a temporary name and renamed (concurrent runs never see a
/// half-written clip). Default root: a fixed directory under the temp directory.
/// </summary>
public static class SyntheticCache
{
    private const string GeneratorVersion = "footy-synthetic-v1";
    private const string Token = "@SYNTH@";

    /// <param name="DependsOn">A job whose output this one reads (referenced in the args with <see cref="InputToken"/>).</param>
    public sealed record Job(string Name, List<string> Args, string? DependsOn = null);

    public sealed record Result(string Root, IReadOnlyDictionary<string, string> Files, int Generated, TimeSpan Elapsed);

    public static string OutputToken(string job) => $"{Token}out/{job}";
    public static string InputToken(string job) => $"{Token}in/{job}";

    /// <summary><c>$FOOTY_SYNTHETIC_CACHE</c> if set (e.g. a CI cache directory), else a fixed directory under the temp directory.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("FOOTY_SYNTHETIC_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "footy-media-synthetic");

    public static async Task<Result> EnsureAsync(IReadOnlyList<Job> jobs, string? root = null, string ffmpeg = "ffmpeg",
        int? parallelism = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        root ??= DefaultRoot;
        System.IO.Directory.CreateDirectory(root);
        var versionRun = await new ToolRunner().RunAsync(ffmpeg, ["-version"], cancellationToken);
        var version = versionRun.Succeeded ? Encoding.UTF8.GetString(versionRun.Run!.Stdout).Split('\n')[0] : "unknown";

        var fileOf = new Dictionary<string, string>();
        foreach (var job in jobs)
        {
            var sb = new StringBuilder(GeneratorVersion).Append('\n').Append(version).Append('\n').AppendJoin('\u001f', job.Args);
            if (job.DependsOn is not null) sb.Append('\n').Append(fileOf[job.DependsOn]);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12].ToLowerInvariant();
            fileOf[job.Name] = Path.Combine(root, $"{job.Name}.{hash}.mp4");
        }

        var clock = Stopwatch.StartNew();
        var generated = 0;
        var runner = new ToolRunner(new MediaToolsOptions { FfmpegPath = ffmpeg, ProcessTimeout = TimeSpan.FromMinutes(5) });
        using var slots = new SemaphoreSlim(parallelism ?? Math.Max(1, Environment.ProcessorCount));
        var done = new Dictionary<string, Task>();
        async Task Run(Job job)
        {
            if (job.DependsOn is not null) await done[job.DependsOn];
            var target = fileOf[job.Name];
            if (File.Exists(target)) return;
            await slots.WaitAsync(cancellationToken);
            try
            {
                var temp = Path.Combine(root, $".{Guid.NewGuid():N}.tmp.mp4");
                var args = job.Args.Select(a => a == OutputToken(job.Name) ? temp
                    : job.DependsOn is not null && a == InputToken(job.DependsOn) ? fileOf[job.DependsOn] : a).ToList();
                var outcome = await runner.RunAsync(ffmpeg, args, cancellationToken);
                if (!outcome.Succeeded)
                {
                    File.Delete(temp);
                    throw new InvalidOperationException($"generating {job.Name} failed: {outcome.Failure!.Describe()}");
                }
                File.Move(temp, target, overwrite: true);
                Interlocked.Increment(ref generated);
                log?.Invoke($"generated {job.Name} ({outcome.Run!.Elapsed.TotalSeconds:0.0} s)");
            }
            finally
            {
                slots.Release();
            }
        }
        foreach (var job in jobs) done[job.Name] = Run(job);
        await Task.WhenAll(done.Values);
        return new Result(root, fileOf, generated, clock.Elapsed);
    }
}

/// <summary>Fingerprints of every clip of a set.</summary>
public sealed record FingerprintedClip(LabelledClip Clip, ClipProbe Probe, VideoFingerprint Fingerprint);

public static class LabelledSetHashing
{
    public static async Task<(IReadOnlyList<FingerprintedClip> Clips, TimeSpan Elapsed)> FingerprintAllAsync(
        LabelledSet set, MediaToolsOptions? tools = null, FingerprintOptions? options = null, CancellationToken ct = default)
    {
        tools ??= MediaToolsOptions.Default;
        var prober = new ClipProber(tools);
        using var fingerprinter = new VideoFingerprinter(tools, options);
        var clock = Stopwatch.StartNew();
        var tasks = set.Clips.Select(async clip =>
        {
            var probe = await prober.ProbeAsync(clip.Path, ct);
            if (!probe.Succeeded) throw new InvalidOperationException($"probe {clip.Id}: {probe}");
            var fp = await fingerprinter.FingerprintAsync(clip.Path, probe.Probe, ct);
            if (!fp.Succeeded) throw new InvalidOperationException($"fingerprint {clip.Id}: {fp}");
            return new FingerprintedClip(clip, probe.Probe!, fp.Fingerprint!);
        }).ToList();
        var results = await Task.WhenAll(tasks);
        return (results, clock.Elapsed);
    }
}

/// <summary>Pairwise precision/recall of the matcher over a labelled set.</summary>
public sealed record PairwiseScore(int Pairs, int Positives, int TruePositives, int FalsePositives, int FalseNegatives,
    IReadOnlyList<string> FalsePositivePairs, IReadOnlyList<string> FalseNegativePairs)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => Positives == 0 ? 1 : (double)TruePositives / Positives;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

public sealed record PairResult(FingerprintedClip A, FingerprintedClip B, bool SameGoal, FingerprintMatch Match);

public static class PairwiseEvaluation
{
    public static List<PairResult> CompareAll(IReadOnlyList<FingerprintedClip> clips, MatchOptions options)
    {
        var ordered = clips.OrderBy(c => c.Clip.Id, StringComparer.Ordinal).ToList();
        var results = new List<PairResult>();
        for (var i = 0; i < ordered.Count; i++)
            for (var j = i + 1; j < ordered.Count; j++)
                results.Add(new PairResult(ordered[i], ordered[j], ordered[i].Clip.GoalId == ordered[j].Clip.GoalId,
                    FingerprintMatcher.Compare(ordered[i].Fingerprint, ordered[j].Fingerprint, options)));
        return results;
    }

    public static PairwiseScore Score(IReadOnlyList<PairResult> pairs, Func<FingerprintMatch, bool>? decide = null)
    {
        decide ??= m => m.IsMatch;
        int tp = 0, fp = 0, fn = 0, positives = 0;
        var fps = new List<string>();
        var fns = new List<string>();
        foreach (var p in pairs)
        {
            var predicted = decide(p.Match);
            if (p.SameGoal) positives++;
            if (predicted && p.SameGoal) tp++;
            else if (predicted) { fp++; fps.Add(Describe(p)); }
            else if (p.SameGoal) { fn++; fns.Add(Describe(p)); }
        }
        return new PairwiseScore(pairs.Count, positives, tp, fp, fn, fps, fns);
    }

    public static string Describe(PairResult p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.A.Clip.Id} ~ {p.B.Clip.Id}: {p.Match.MatchingFrames}/{p.Match.AlignedFrames} frames ({p.Match.MatchingFraction:0.00}), mean {p.Match.MeanDistance:0.0}, offset {p.Match.OffsetSeconds:0.00} s{(p.Match.Mirrored ? ", mirrored" : "")}");

    public sealed record SweepRow(int MaxFrameDistance, double MinMatchingFraction, PairwiseScore Score);

    /// <summary>
    /// Scores every combination. For one distance threshold the chosen offset does not depend on the fraction
    /// threshold (it is the offset with the most votes), so pairs are compared once per distance with the fraction
    /// check off and the fractions are applied afterwards.
    /// </summary>
    public static List<SweepRow> Sweep(IReadOnlyList<FingerprintedClip> clips, MatchOptions baseline,
        IEnumerable<int> distances, IReadOnlyList<double> fractions)
    {
        var rows = new List<SweepRow>();
        foreach (var d in distances)
        {
            var pairs = CompareAll(clips, baseline with { MaxFrameDistance = d, MinMatchingFraction = 0 });
            foreach (var f in fractions)
                rows.Add(new SweepRow(d, f, Score(pairs, m => m.IsMatch && m.MatchingFraction >= f)));
        }
        return rows;
    }
}
