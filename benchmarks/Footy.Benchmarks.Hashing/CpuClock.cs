using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Footy.Benchmarks.Hashing;

/// <summary>
/// Wall time plus CPU time: of this process (the C# hashing) and of its reaped child processes (ffmpeg), the latter from
/// getrusage(RUSAGE_CHILDREN). On a shared machine CPU seconds are far steadier than wall seconds.
/// </summary>
public readonly record struct Usage(double WallSeconds, double ChildCpuSeconds, double OwnCpuSeconds)
{
    public double CpuSeconds => ChildCpuSeconds + OwnCpuSeconds;
}

public static class CpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval { public long Seconds; public long Microseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public Timeval User;
        public Timeval System;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);

    private const int RusageChildren = -1;

    public static double ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux() || getrusage(RusageChildren, out var u) != 0) return double.NaN;
        return u.User.Seconds + u.User.Microseconds / 1e6 + u.System.Seconds + u.System.Microseconds / 1e6;
    }

    public static async Task<(T Result, Usage Usage)> MeasureAsync<T>(Func<Task<T>> action)
    {
        var self = Process.GetCurrentProcess();
        var children0 = ChildrenCpuSeconds();
        var own0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await action();
        clock.Stop();
        self.Refresh();
        var own = (self.TotalProcessorTime - own0).TotalSeconds;
        return (result, new Usage(clock.Elapsed.TotalSeconds, ChildrenCpuSeconds() - children0, own));
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    public static string Machine()
    {
        string cpu = "unknown";
        try { cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? cpu; } catch (IOException) { }
        return $"{cpu}, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}";
    }

    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); } catch (IOException) { return "n/a"; }
    }
}
