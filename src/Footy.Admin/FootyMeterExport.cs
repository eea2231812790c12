using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Footy.Daemon.Telemetry;
using Footy.Resilience;
using Prometheus;

namespace Footy.Admin;

/// <summary>
/// Publishes the instruments of <see cref="FootyTelemetry"/> and <see cref="ResilienceTelemetry"/> in a prometheus-net registry under their own names: counters as
/// <c>{name}_total</c>, histograms with the stage buckets (prometheus-net's MeterAdapter would prefix the meter's name and
/// publish counters as gauges). An instrument's label names are the tags of its first measurement: each records the same
/// tags every time.
/// </summary>
public sealed class FootyMeterExport : IDisposable
{
    private static readonly double[] StageBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Counter> _counters = new();
    private readonly ConcurrentDictionary<Instrument, Histogram> _histograms = new();

    public FootyMeterExport(IMetricFactory metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is FootyTelemetry.MeterName or ResilienceTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var (names, values) = Labels(tags);
            _counters.GetOrAdd(instrument, i => metrics.CreateCounter(i.Name + "_total", i.Description ?? i.Name, names))
                .WithLabels(values).Inc(value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var (names, values) = Labels(tags);
            _histograms.GetOrAdd(instrument, i => metrics.CreateHistogram(i.Name, i.Description ?? i.Name, names,
                new HistogramConfiguration { Buckets = StageBuckets })).WithLabels(values).Observe(value);
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private static (string[] Names, string[] Values) Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
        return (sorted.Select(t => t.Key).ToArray(), sorted.Select(t => t.Value?.ToString() ?? "").ToArray());
    }
}
