using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.ReadModel;
using Footy.Daemon.Telemetry;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Footy.Admin;

/// <summary>
/// What /metrics serves (prometheus-net, one registry per daemon): the process and runtime (CPU, RSS and other memory, GC,
/// heap, thread pool: prometheus-net's process collector and .NET's own <c>System.Runtime</c> meter), the daemon's counters and
/// stage latencies (<see cref="FootyTelemetry"/>), and the domain gauges, set just before each scrape. This node's own figures
/// always; the cluster's (fixtures, goals, clips, clip searches, API budget and circuit, freshness, read model lag) only on the
/// node that hosts the poller singleton, so a cluster reports each once. The domain gauges come from the poller's state and the
/// read model's counts (<see cref="IReadModelStore.CountsAsync"/>): a scrape never starts a fixture or goal actor.
/// </summary>
public sealed class AdminMetrics : IDisposable
{
    private readonly NodeHealth _health;
    private readonly IReadModelStore _readModel;
    private readonly ReadModelLag _lag;
    private readonly ClipPipeline _pipeline;
    private readonly ILogger<AdminMetrics> _logger;
    private readonly IDisposable _runtime;
    private readonly FootyMeterExport _telemetry;
    private readonly Gauge _uptime, _queueDepth;
    private readonly Gauge _fixtures, _goalStages, _clipsKept, _clipsRejected, _openHunts, _requestsLeft, _circuitOpen, _lastSuccess, _stale;
    private readonly Gauge _readModelLagEvents, _readModelLagSeconds, _readModelPosition;

    public AdminMetrics(NodeHealth health, IReadModelStore readModel, ReadModelLag lag, ClipPipeline pipeline, FootyOptions options, ILogger<AdminMetrics> logger)
    {
        (_health, _readModel, _lag, _pipeline, _logger) = (health, readModel, lag, pipeline, logger);
        Registry = Metrics.NewCustomRegistry();
        var node = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        _runtime = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = node,
            InstrumentFilterPredicate = i => i.Meter.Name == "System.Runtime",
        });
        _telemetry = new FootyMeterExport(node);

        _uptime = node.CreateGauge("footy_uptime_seconds", "Seconds since the process started");
        _queueDepth = node.CreateGauge("footy_media_queue_depth", "Clips waiting for this node's media pipeline");
        node.CreateGauge("footy_media_queue_capacity", "Capacity of this node's media pipeline queue").Set(options.Clips.QueueCapacity);

        var cluster = new GaugeConfiguration { SuppressInitialValue = true };
        _fixtures = node.CreateGauge("footy_fixtures", "Tracked fixtures by phase", ["phase"], cluster);
        _goalStages = node.CreateGauge("footy_goals", "Goals by state", ["state"], cluster);
        _clipsKept = node.CreateGauge("footy_clips_kept", "Distinct clips kept over all goals", cluster);
        _clipsRejected = node.CreateGauge("footy_clips_rejected", "Candidate clips rejected over all goals", cluster);
        _openHunts = node.CreateGauge("footy_open_clip_hunts", "Goals whose clip search is running", cluster);
        _requestsLeft = node.CreateGauge("footy_api_requests_left_today", "API-Football requests left in today's budget", cluster);
        _circuitOpen = node.CreateGauge("footy_api_circuit_open", "1 when the API-Football circuit breaker is open or half-open", cluster);
        _lastSuccess = node.CreateGauge("footy_last_successful_poll_timestamp_seconds", "Unix time of the last successful poll (0: never)", cluster);
        _stale = node.CreateGauge("footy_poller_stale", "1 when the poller has not succeeded for longer than Admin:StaleAfterSeconds", cluster);
        _readModelLagEvents = node.CreateGauge("footy_read_model_lag_events", "Journal events the read model has not applied yet (counted up to 10000)", cluster);
        _readModelLagSeconds = node.CreateGauge("footy_read_model_lag_seconds", "Seconds since the oldest journal event the read model has not applied was written (0: caught up)", cluster);
        _readModelPosition = node.CreateGauge("footy_read_model_position", "Journal ordering the read model has applied up to", cluster);
        Registry.AddBeforeCollectCallback(BeforeScrapeAsync);
    }

    public CollectorRegistry Registry { get; }

    public void Dispose()
    {
        _runtime.Dispose();
        _telemetry.Dispose();
    }

    private async Task BeforeScrapeAsync(CancellationToken ct)
    {
        _uptime.Set(NodeHealth.UptimeSeconds);
        _queueDepth.Set(_pipeline.QueuedCandidates);
        if (!_health.HostsPoller())
        {
            HideClusterFigures();
            return;
        }
        if (await _health.PollerAsync(ct) is not var (poller, now))
        {
            _logger.LogWarning("Metrics: the poller did not answer; the cluster's figures are left out of this scrape");
            HideClusterFigures();
            return;
        }
        var counts = await _readModel.CountsAsync(ct);
        var behind = await _lag.MeasureAsync(ct);
        foreach (var phase in Enum.GetValues<FixturePhase>())
            _fixtures.WithLabels(phase.ToString().ToLowerInvariant()).Set(poller.Fixtures.Count(f => f.Phase == phase));
        foreach (var stage in Enum.GetValues<GoalStage>())
            _goalStages.WithLabels(stage.PublicName()).Set(counts.Goals(stage.PublicName()));
        _clipsKept.Set(counts.ClipsKept);
        _clipsRejected.Set(counts.ClipsRejected);
        _readModelLagEvents.Set(behind.Events);
        _readModelLagSeconds.Set(behind.Seconds);
        _readModelPosition.Set(behind.Position);
        _openHunts.Set(poller.OpenHunts);
        _requestsLeft.Set(poller.RequestsLeftToday);
        _circuitOpen.Set(poller.Circuit == Footy.ApiFootball.CircuitStatus.Closed ? 0 : 1);
        _lastSuccess.Set(poller.LastSuccessfulPollAt?.ToUnixTimeSeconds() ?? 0);
        _stale.Set(_health.IsStale(poller, now) ? 1 : 0);
    }

    /// <summary>Another node hosts the poller (or it is not answering): this node does not report the cluster's figures.</summary>
    private void HideClusterFigures()
    {
        foreach (var labelled in new[] { _fixtures, _goalStages })
            foreach (var labels in labelled.GetAllLabelValues().ToList())
                labelled.RemoveLabelled(labels);
        foreach (var gauge in new[] { _clipsKept, _clipsRejected, _openHunts, _requestsLeft, _circuitOpen, _lastSuccess, _stale,
                     _readModelLagEvents, _readModelLagSeconds, _readModelPosition })
            gauge.Unpublish();
    }
}
