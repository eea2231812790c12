using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Admin;

/// <summary>
/// The admin endpoint beside the daemon, and what it inspects. <paramref name="logs"/> are the process's log controls
/// (<c>footy log peek/tail/level</c>); without them the log routes answer 404.
/// </summary>
public sealed class AdminSurface(DaemonLogs? logs = null) : IDaemonSurface
{
    public void AddTo(IServiceCollection services, FootyOptions options, DaemonRuntime runtime)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(5, options.Polling.CycleTimeoutSeconds));
        if (logs is not null) services.AddSingleton(logs);
        services.AddSingleton(sp => new JournalReader(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => new ClusterInspector(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => new ShardingInspector(sp.GetRequiredService<ActorSystem>(), timeout));
        services.AddSingleton(sp => new ActorTree(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => new DomainInspector(ActorRegistry.For(sp.GetRequiredService<ActorSystem>()), sp.GetRequiredService<JournalReader>(), runtime.Time, timeout));
        services.AddSingleton<NodeHealth>();
        services.AddSingleton<AdminMetrics>();
        // Beside Akka's own checks (actor system, cluster membership) and the journal's, which the core registers.
        services.AddHealthChecks()
            .AddCheck<PollerFreshnessCheck>("poller", tags: [FootyHost.ReadyTag])
            .AddCheck<ApiCircuitCheck>("api-circuit", tags: [FootyHost.ReadyTag])
            .AddCheck<MediaQueueCheck>("media-queue", tags: [FootyHost.ReadyTag]);
        services.AddSingleton<AdminEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminEndpoint>());
        if (options.Admin.Enabled) services.AddHostedService<AlertWatchdog>();
    }
}
