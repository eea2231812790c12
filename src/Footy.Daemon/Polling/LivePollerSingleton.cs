using Akka.Cluster.Hosting;
using Akka.Hosting;
using Footy.Daemon.Persistence;
using Footy.Domain.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Polling;

/// <summary>Akka.Hosting registry key of the poller singleton's proxy.</summary>
public sealed class LivePoller;

public static class LivePollerSingleton
{
    /// <summary>The cluster's one <see cref="LivePollerActor"/> (a singleton, restarted with back-off after a journal failure) and its proxy.</summary>
    public static AkkaConfigurationBuilder AddLivePoller(this AkkaConfigurationBuilder akka, IServiceProvider services,
        RequestBudgetOptions budget, TimeProvider time, TimeSpan? selfTickInterval, int snapshotEvery, string role) =>
        akka.WithSingleton<LivePoller>("live-poller",
            (_, _, _) => JournalBackoff.Supervise(LivePollerActor.PropsFor(
                services.GetRequiredService<PollCycle>(), budget, time, selfTickInterval, snapshotEvery), "live-poller"),
            new ClusterSingletonOptions { Role = role }, createProxyToo: true);
}
