using System.Diagnostics;
using System.Text.Json;
using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Serilog;

namespace Footy.Benchmarks.Load;

/// <summary>What one replay of a night used at its peak.</summary>
public sealed record LoadResult(
    int QueueCapacity, int GoalsComplete, int ClipsStored, double WallSeconds,
    double PeakWorkingSetMb, double PeakGcHeapMb, double PeakManagedAllocatedMb, int PeakTempFiles, double PeakTempMb,
    int PeakChildren, double PeakChildrenMb);

/// <summary>
/// One replay of a night through the real daemon (in this process, which does nothing else), sampling every 100 ms
/// the process working set, the GC heap after the last collection, the managed bytes in use, and the downloaded
/// clips waiting in the data directory's tmp folder.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string recording, string dataDirectory, int queueCapacity)
    {
        var options = new FootyOptions { DataDirectory = dataDirectory };
        options.Tracking.Leagues.Clear();
        options.Clips.QueueCapacity = queueCapacity;
        await using var logger = new LoggerConfiguration().MinimumLevel.Warning()
            .WriteTo.File(Path.Combine(dataDirectory, "..", $"load-q{queueCapacity}.log")).CreateLogger();
        var temp = options.Clips.TempDirectory(dataDirectory);

        using var stop = new CancellationTokenSource();
        var peaks = new Peaks();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peaks.Sample(temp);
                await Task.Delay(100);
            }
        });
        var clock = Stopwatch.StartNew();
        var outcome = await ReplayRunner.RunAsync(recording, options, new ReplaySettings(), logger);
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        peaks.Sample(temp);

        var goals = outcome.Summary.Goals;
        return new LoadResult(queueCapacity, goals.Count(g => g.State == "complete"), goals.Sum(g => g.Clips.Count), clock.Elapsed.TotalSeconds,
            peaks.WorkingSet / Mb, peaks.GcHeap / Mb, peaks.Allocated / Mb, peaks.TempFiles, peaks.TempBytes / Mb, peaks.Children, peaks.ChildrenBytes / Mb);
    }

    public static string Serialize(LoadResult result) => JsonSerializer.Serialize(result);

    public static LoadResult Deserialize(string json) => JsonSerializer.Deserialize<LoadResult>(json)!;

    private const double Mb = 1024 * 1024;

    private sealed class Peaks
    {
        public long WorkingSet, GcHeap, Allocated, TempBytes, ChildrenBytes;
        public int TempFiles, Children;

        public void Sample(string temp)
        {
            using var process = Process.GetCurrentProcess();
            WorkingSet = Math.Max(WorkingSet, process.WorkingSet64);
            var children = ChildResidentBytes(process.Id);
            Children = Math.Max(Children, children.Count);
            ChildrenBytes = Math.Max(ChildrenBytes, children.Sum());
            GcHeap = Math.Max(GcHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            Allocated = Math.Max(Allocated, GC.GetTotalMemory(false));
            if (!Directory.Exists(temp)) return;
            var files = new DirectoryInfo(temp).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            TempFiles = Math.Max(TempFiles, files.Count);
            TempBytes = Math.Max(TempBytes, files.Sum(SafeLength));
        }

        /// <summary>The resident bytes of each running child (ffmpeg, ffprobe), read from /proc: apart from the daemon's own.</summary>
        private static List<long> ChildResidentBytes(int parent)
        {
            var children = new List<long>();
            foreach (var task in Directory.EnumerateDirectories($"/proc/{parent}/task"))
            {
                var listed = ReadOrEmpty(Path.Combine(task, "children"));
                foreach (var child in listed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var rss = ReadOrEmpty($"/proc/{child}/status").Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (rss is not null) children.Add(long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024);
                }
            }
            return children;
        }

        private static string ReadOrEmpty(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ""; // the task or child ended between listing and reading
            }
        }

        private static long SafeLength(FileInfo file)
        {
            try
            {
                return file.Length;
            }
            catch (FileNotFoundException)
            {
                return 0; // deleted between listing and looking
            }
        }
    }
}
