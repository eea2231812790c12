using System.Globalization;
using Footy.Benchmarks.Hashing;

// Footy.Benchmarks.Hashing
//   (default)            clip pipeline benchmark: decode floor vs fingerprint vs one ffmpeg process per frame
//   --labelled-set       builds/hashes the labelled synthetic set, sweeps thresholds, prints docs/hashing.md
// Options: --write PATH (labelled set: write the markdown there), --root DIR (synthetic clip cache),
//          --reps N (benchmark repetitions of (a) and (b), default 5), --per-frame-reps N (default 1),
//          --only CLIP (one benchmark clip, e.g. bench-720p-20s), --ffmpeg PATH, --ffprobe PATH
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string? Opt(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
var settings = new BenchSettings(
    Root: Opt("--root"),
    Ffmpeg: Opt("--ffmpeg") ?? "ffmpeg",
    Ffprobe: Opt("--ffprobe") ?? "ffprobe",
    Repetitions: int.Parse(Opt("--reps") ?? "5"),
    PerFrameRepetitions: int.Parse(Opt("--per-frame-reps") ?? "1"),
    Only: Opt("--only"));

if (args.Contains("--labelled-set"))
{
    var markdown = await LabelledSetReport.RunAsync(settings);
    if (Opt("--write") is { } path)
    {
        await File.WriteAllTextAsync(path, markdown);
        Console.Error.WriteLine($"wrote {path}");
    }
    else
    {
        Console.WriteLine(markdown);
    }
}
else
{
    await PipelineBenchmark.RunAsync(settings);
}

namespace Footy.Benchmarks.Hashing
{
    public sealed record BenchSettings(string? Root, string Ffmpeg, string Ffprobe, int Repetitions, int PerFrameRepetitions, string? Only);
}
