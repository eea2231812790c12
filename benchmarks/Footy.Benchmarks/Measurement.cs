using System.Diagnostics;

namespace Footy.Benchmarks;

/// <summary>One timed repetition: how many events it covered and how long the timed part took.</summary>
public readonly record struct Sample(int Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>The result of one scenario: its timed repetitions (warm-ups are not kept).</summary>
public sealed record ScenarioResult(string Provider, string Scenario, int Actors, int EventsPerRepetition, string Note, IReadOnlyList<Sample> Samples)
{
    public double MedianRate => Median(Samples.Select(s => s.EventsPerSecond));
    public double MinRate => Samples.Min(s => s.EventsPerSecond);
    public double MaxRate => Samples.Max(s => s.EventsPerSecond);
    public double MedianMilliseconds => Median(Samples.Select(s => s.Elapsed.TotalMilliseconds));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Hand-rolled harness: warm-up runs (discarded), then timed repetitions, each timing only its own measured section.</summary>
public sealed class Harness(int warmups, int repetitions, TextWriter log)
{
    public int Warmups { get; } = warmups;
    public int Repetitions { get; } = repetitions;

    /// <param name="run">One repetition; gets its index (negative for warm-ups) and returns the sample it timed itself.</param>
    public async Task<IReadOnlyList<Sample>> MeasureAsync(string label, Func<int, Task<Sample>> run)
    {
        for (var w = 0; w < Warmups; w++)
        {
            var s = await run(-1 - w);
            log.WriteLine($"  {label,-44} warm-up  {s.Events,7} ev {s.Elapsed.TotalMilliseconds,9:F1} ms {s.EventsPerSecond,10:N0} ev/s");
        }
        var samples = new List<Sample>(Repetitions);
        for (var r = 0; r < Repetitions; r++)
        {
            var s = await run(r);
            samples.Add(s);
            log.WriteLine($"  {label,-44} rep {r + 1}    {s.Events,7} ev {s.Elapsed.TotalMilliseconds,9:F1} ms {s.EventsPerSecond,10:N0} ev/s");
        }
        return samples;
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> body)
    {
        var sw = Stopwatch.StartNew();
        await body();
        return sw.Elapsed;
    }
}
