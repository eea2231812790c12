using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.ReadModel;
using Footy.ReadModel;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>
/// <c>footy status</c>, the health checks, the alert watchdog and the domain gauges: one place that reads how this node and
/// the poller are doing, from the poller singleton (which never passivates) and the read model's counts and lag, never
/// from a fixture or goal actor.
/// </summary>
public sealed class NodeHealth(ActorSystem system, DomainInspector domain, IReadModelStore readModel, ReadModelLag lag,
    ClipPipeline pipeline, FootyOptions options, DaemonRuntime runtime)
{
    private static readonly DateTimeOffset StartedAt = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static double UptimeSeconds => Math.Round((DateTimeOffset.UtcNow - StartedAt).TotalSeconds, 1);

    public async Task<NodeStatus> StatusAsync(CancellationToken ct)
    {
        // Read before the poller's state: on a replay's fast virtual clock, reading it after would age that state.
        var now = runtime.Time.GetUtcNow();
        var cluster = Cluster.Get(system);
        var poller = await domain.PollerStatusAsync(ct);
        var counts = await readModel.CountsAsync(ct);
        var behind = await lag.MeasureAsync(ct);
        return new NodeStatus(
            cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString(), ClusterInspector.AppVersion, UptimeSeconds, now,
            poller.Fixtures.Count, poller.Fixtures.Count(f => f.IsPolled), counts.InFlight, poller.OpenHunts,
            pipeline.QueuedCandidates, options.Clips.QueueCapacity,
            poller.RequestsLeftToday, poller.Circuit.ToString(), poller.LastCycleAt, poller.LastSuccessfulPollAt,
            IsStale(poller, now), poller.PendingBackfills, behind.Events, Math.Round(behind.Seconds, 1));
    }

    /// <summary>The poller's state with the daemon's clock read just before it; null when the poller does not answer in time.</summary>
    public async Task<(PollerQueries.PollerStatus Poller, DateTimeOffset Now)?> PollerAsync(CancellationToken ct)
    {
        var now = runtime.Time.GetUtcNow();
        try
        {
            return (await domain.PollerStatusAsync(ct), now);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Stale: fixtures are being polled but no poll has succeeded for <c>Admin:StaleAfterSeconds</c> (of the daemon's clock).</summary>
    public bool IsStale(PollerQueries.PollerStatus poller, DateTimeOffset now)
    {
        var limit = TimeSpan.FromSeconds(options.Admin.StaleAfterSeconds);
        return poller.Fixtures.Any(f => f.IsPolled) && (poller.LastSuccessfulPollAt is not { } success || now - success > limit);
    }

    /// <summary>Whether the poller singleton runs here: on the oldest Up member with the daemon's role, as cluster singletons do.</summary>
    public bool HostsPoller()
    {
        var cluster = Cluster.Get(system);
        var oldest = cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(FootyHost.Role))
            .Aggregate((Member?)null, (older, m) => older is null || m.IsOlderThan(older) ? m : older);
        return oldest is not null && oldest.Address.Equals(cluster.SelfAddress);
    }
}
