using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Footy.Benchmarks.Load;

// Footy.Benchmarks.Load: busy nights replayed through the real daemon, peak memory per queue capacity.
//   (default)                       generates the nights, replays each once per queue capacity (each replay in a
//                                   fresh child process, so one run's peak cannot hide in another's), prints markdown
//   run RECORDING DATA CAPACITY     (the child) one replay; prints its result as one JSON line
//   busy-day DIR [FIXTURES] [SEED]  writes a busy day without clips (20 fixtures, 60 s polls, seed 11) for
//                                   benchmarks/busy-day.sh (replay wall time, idle memory)
// Options: --nights 4,16 (fixtures per night), --queues 4,32 (Clips:QueueCapacity), --seed 11, --work DIR
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 4 && args[0] == "run")
{
    Footy.Daemon.Hosting.NativeHeap.LimitArenasFromRuntimeConfig();
    var result = await LoadRun.RunAsync(args[1], args[2], int.Parse(args[3]));
    Console.WriteLine(LoadRun.Serialize(result));
    return 0;
}

if (args.Length is >= 2 and <= 4 && args[0] == "busy-day")
{
    var (count, polls) = BusyDay.Write(args[1], args.Length > 2 ? int.Parse(args[2]) : 20, args.Length > 3 ? int.Parse(args[3]) : 11);
    Console.WriteLine($"busy day of {count} fixtures, {polls} polls every {BusyDay.PollIntervalSeconds} s: {args[1]}");
    return 0;
}

string? Opt(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
int[] Ints(string? text, string fallback) => (text ?? fallback).Split(',').Select(int.Parse).ToArray();
var nights = Ints(Opt("--nights"), "4,16");
var queues = Ints(Opt("--queues"), "4,32");
var seed = int.Parse(Opt("--seed") ?? "11");
var work = Opt("--work") ?? Path.Combine(Path.GetTempPath(), "footy-load");
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
var cache = Path.Combine(work, "render-cache");
Directory.CreateDirectory(cache);

var rows = new List<string>();
var loadBefore = LoadAverage();
var total = Stopwatch.StartNew();
foreach (var fixtures in nights)
{
    var night = Path.Combine(work, $"night-{fixtures}");
    var shape = await BusyNight.WriteAsync(Path.Combine(night, "recording"), cache, fixtures, seed);
    Console.Error.WriteLine($"night of {shape.Fixtures} fixtures: {shape.Goals} goals, {shape.CandidateClips} candidate clips ({shape.DistinctFiles} distinct renderings)");
    foreach (var capacity in queues)
    {
        var result = await RunChildAsync(Path.Combine(night, "recording"), Path.Combine(night, $"data-q{capacity}"), capacity);
        Console.Error.WriteLine($"  queue {capacity}: {LoadRun.Serialize(result)}");
        rows.Add($"| {shape.Fixtures} | {shape.Goals} | {shape.CandidateClips} | {capacity} | {result.GoalsComplete} | {result.ClipsStored} | " +
                 $"{result.WallSeconds:0} | {result.PeakWorkingSetMb:0} | {result.PeakGcHeapMb:0} | {result.PeakManagedAllocatedMb:0} | " +
                 $"{result.PeakTempFiles} ({result.PeakTempMb:0} MB) | {result.PeakChildren} ({result.PeakChildrenMb:0} MB) |");
    }
}

var md = new StringBuilder();
md.AppendLine("| fixtures | goals | candidate clips | queue capacity | goals complete | clips stored | wall s | peak working set MB | peak GC heap MB | peak managed in use MB | peak downloaded clips waiting | peak ffmpeg children (their RSS) |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var row in rows) md.AppendLine(row);
md.AppendLine();
md.AppendLine($"Machine: {Machine()}; {RuntimeInformation.OSDescription}; {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
              $"load average before {loadBefore}, after {LoadAverage()}; total {total.Elapsed.TotalMinutes:0.0} min.");
Console.WriteLine(md.ToString());
return 0;

static async Task<LoadResult> RunChildAsync(string recording, string data, int capacity)
{
    var psi = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
    var host = Environment.ProcessPath!;
    psi.FileName = host;
    if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(LoadRun).Assembly.Location);
    foreach (var a in new[] { "run", recording, data, capacity.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
    using var child = Process.Start(psi)!;
    var output = await child.StandardOutput.ReadToEndAsync();
    await child.WaitForExitAsync();
    if (child.ExitCode != 0) throw new InvalidOperationException($"the replay with queue capacity {capacity} failed (exit {child.ExitCode}):\n{output}");
    return LoadRun.Deserialize(output.Trim().Split('\n')[^1]);
}

static string Machine()
{
    var cpu = "unknown CPU";
    try { cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu; }
    catch (IOException) { }
    return $"{cpu}, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}";
}

static string LoadAverage()
{
    try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "n/a"; }
}
