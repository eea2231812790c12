using System.Diagnostics.Metrics;

namespace Footy.Daemon.Telemetry;

/// <summary>
/// The daemon's counters and stage latencies (System.Diagnostics.Metrics), recorded where the work happens; an operator
/// surface (the admin endpoint's /metrics) listens to the meter and exports them.
/// </summary>
public static class FootyTelemetry
{
    public const string MeterName = "Footy.Actors";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> PollCycles = Meter.CreateCounter<long>("footy_poll_cycles", description: "Poll cycles run");
    public static readonly Counter<long> ApiCalls = Meter.CreateCounter<long>("footy_api_calls", description: "API-Football requests made");
    public static readonly Counter<long> ApiFailedCalls = Meter.CreateCounter<long>("footy_api_failed_calls", description: "API-Football requests that failed");
    public static readonly Counter<long> ClipOutcomes = Meter.CreateCounter<long>("footy_clip_outcomes", description: "Clips processed, by outcome");
    public static readonly Histogram<double> StageSeconds = Meter.CreateHistogram<double>("footy_stage_seconds", "s", "Time spent per pipeline stage");
}
