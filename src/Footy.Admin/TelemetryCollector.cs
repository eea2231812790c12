using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Footy.Daemon.Telemetry;

namespace Footy.Admin;

/// <summary>Aggregates <see cref="FootyTelemetry"/>'s instruments in memory: counter totals and histogram buckets per tag set.</summary>
public sealed class TelemetryCollector : IDisposable
{
    public static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), HistogramState> _histograms = new();

    public TelemetryCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FootyTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _counters.AddOrUpdate((instrument.Name, Labels(tags)), value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            _histograms.GetOrAdd((instrument.Name, Labels(tags)), _ => new HistogramState()).Record(value));
        _listener.Start();
    }

    public IReadOnlyList<(string Name, string Labels, long Total)> Counters =>
        _counters.Select(c => (c.Key.Name, c.Key.Labels, c.Value)).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Labels, StringComparer.Ordinal).ToList();

    public IReadOnlyList<(string Name, string Labels, HistogramSnapshot Histogram)> Histograms =>
        _histograms.Select(h => (h.Key.Name, h.Key.Labels, h.Value.Snapshot())).OrderBy(h => h.Name, StringComparer.Ordinal).ThenBy(h => h.Labels, StringComparer.Ordinal).ToList();

    public void Dispose() => _listener.Dispose();

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags) pairs.Add($"{tag.Key}=\"{Prometheus.Escape(tag.Value?.ToString() ?? "")}\"");
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }

    public sealed record HistogramSnapshot(long[] CumulativeCounts, long Count, double Sum);

    private sealed class HistogramState
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private long _count;
        private double _sum;
        private readonly Lock _gate = new();

        public void Record(double value)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++) if (value <= Buckets[i]) _counts[i]++;
                _count++;
                _sum += value;
            }
        }

        public HistogramSnapshot Snapshot()
        {
            lock (_gate) return new HistogramSnapshot((long[])_counts.Clone(), _count, _sum);
        }
    }
}
