using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Footy.ApiFootball;
using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Domain.Goals;
using static Footy.Daemon.Admin.AdminViews;

namespace Footy.Daemon.Admin;

/// <summary>What <see cref="NodeHealth.ObserveAsync"/> saw.</summary>
public sealed record NodeObservation(NodeStatus Status, IReadOnlyList<FixtureRow> Fixtures, IReadOnlyList<GoalRow> Goals);

/// <summary>Readiness as /readyz reports it: every check by name, ready only when all pass.</summary>
public sealed record Readiness(bool Ready, IReadOnlyDictionary<string, string> Checks);

/// <summary><c>footy status</c>, /readyz and the staleness rule: one place that decides whether this node is healthy.</summary>
public sealed class NodeHealth(ActorSystem system, DomainInspector domain, JournalReader journal, ClipPipeline pipeline,
    FootyOptions options, DaemonRuntime runtime)
{
    private static readonly DateTimeOffset StartedAt = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public async Task<NodeStatus> StatusAsync(CancellationToken ct) => (await ObserveAsync(ct)).Status;

    /// <summary>The status together with the fixtures and goals it was computed from (for /metrics: one walk of the entities).</summary>
    public async Task<NodeObservation> ObserveAsync(CancellationToken ct)
    {
        // Read before the poller's state: on a replay's fast virtual clock, reading it after would age that state.
        var now = runtime.Time.GetUtcNow();
        var cluster = Cluster.Get(system);
        var poller = await domain.PollerStatusAsync(ct);
        var fixtures = await domain.FixturesOfAsync(poller, ct);
        var goals = await domain.GoalsOfAsync(fixtures, ct);
        var status = new NodeStatus(
            cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString(), ClusterInspector.AppVersion,
            Math.Round((DateTimeOffset.UtcNow - StartedAt).TotalSeconds, 1), now,
            poller.Fixtures.Count, poller.Fixtures.Count(f => f.IsPolled),
            goals.Count(g => g.State is GoalStates.Pending || (g.State is GoalStates.Confirmed && !g.HuntFinished)), poller.OpenHunts,
            pipeline.QueuedCandidates, options.Clips.QueueCapacity,
            poller.RequestsLeftToday, poller.Circuit.ToString(), poller.LastCycleAt, poller.LastSuccessfulPollAt,
            IsStale(poller, now), poller.PendingBackfills);
        return new NodeObservation(status, fixtures, goals);
    }

    /// <summary>Stale: fixtures are being polled but no poll has succeeded for <c>Admin:StaleAfterSeconds</c> (of the daemon's clock).</summary>
    public bool IsStale(PollerQueries.PollerStatus poller, DateTimeOffset now)
    {
        var limit = TimeSpan.FromSeconds(options.Admin.StaleAfterSeconds);
        return poller.Fixtures.Any(f => f.IsPolled) && (poller.LastSuccessfulPollAt is not { } success || now - success > limit);
    }

    public async Task<Readiness> ReadinessAsync(CancellationToken ct)
    {
        var checks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var member = Cluster.Get(system).SelfMember.Status;
        checks["cluster"] = member == MemberStatus.Up ? "ok" : $"member status {member}";
        checks["journal"] = await journal.IsReachableAsync(TimeSpan.FromSeconds(5)) ? "ok" : "journal query failed or timed out";
        checks["media-queue"] = pipeline.QueuedCandidates < options.Clips.QueueCapacity
            ? "ok" : $"overloaded: {pipeline.QueuedCandidates} clips queued (capacity {options.Clips.QueueCapacity})";
        try
        {
            var now = runtime.Time.GetUtcNow();
            var poller = await domain.PollerStatusAsync(ct);
            checks["poller"] = IsStale(poller, now)
                ? $"stale: last successful poll {poller.LastSuccessfulPollAt?.ToString("u") ?? "never"}, last cycle {poller.LastCycleAt?.ToString("u") ?? "never"}"
                : "ok";
            checks["api-circuit"] = poller.Circuit == CircuitStatus.Open ? "open: API-Football is failing" : "ok";
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or TimeoutException)
        {
            checks["poller"] = "not answering";
        }
        return new Readiness(checks.Values.All(v => v == "ok"), checks);
    }
}
