using System.Diagnostics.Metrics;

namespace Footy.Resilience;

/// <summary>
/// Retries and circuit changes of every <see cref="ResilientPipeline{T}"/> as one counter, tagged with the pipeline's
/// name and the event (<c>retry</c>, <c>circuit-opened</c>, <c>circuit-half-opened</c>, <c>circuit-closed</c>).
/// </summary>
public static class ResilienceTelemetry
{
    public const string MeterName = "Footy.Resilience";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Events =
        Meter.CreateCounter<long>("footy_resilience_events", description: "Retries and circuit breaker changes, by pipeline and event");

    internal static void Record(string pipeline, string @event) =>
        Events.Add(1, new KeyValuePair<string, object?>("pipeline", pipeline), new KeyValuePair<string, object?>("event", @event));
}
