using System.Net;
using Akka.Actor;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Footy.Daemon.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Footy.Daemon.Clustering;

/// <summary>
/// This node's Cluster Bootstrap contact point, then the bootstrap itself. Akka.Management's own HTTP server cannot run
/// on the packages this project restores (Akka.Http.Shim 1.5.73 calls a Ceen.Httpd 0.9.9 method missing from the served
/// 0.9.10), so the one route bootstrap needs, <see cref="SeedNodesRoute"/>, is served here on Kestrel at
/// <c>Cluster:ManagementPort</c>; discovery, probing and the join decision stay the library's.
/// </summary>
public sealed class BootstrapContactPoint(FootyOptions options, IServiceProvider services, ILogger<BootstrapContactPoint> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly ClusterNodeOptions _cluster = options.Cluster;
    private WebApplication? _app;

    /// <summary>
    /// Where the other nodes' discovery finds this node: its <c>Cluster:Hostname</c> and management port. The lowest-address
    /// join decision compares it with the discovered contact points to decide whether this node starts a new cluster.
    /// </summary>
    public static Uri SelfUri(ClusterNodeOptions cluster) => new UriBuilder(Uri.UriSchemeHttp, cluster.Hostname, cluster.ManagementPort).Uri;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved now, not in the constructor: the actor system exists once Akka's hosted service, registered earlier, has started.
        var system = services.GetRequiredService<ActorSystem>();
        var bootstrap = ClusterBootstrap.Get(system);
        var maxSeedNodes = ClusterBootstrapSettings.Create(system.Settings.Config, system.Log).ContactPoint.MaxSeedNodesToExpose;
        var self = Akka.Cluster.Cluster.Get(system);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.TryParse(_cluster.Hostname, out var address) ? address : IPAddress.Any, _cluster.ManagementPort);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapGet(SeedNodesRoute.Path, () => Results.Text(SeedNodesRoute.Json(self, maxSeedNodes), "application/json"));
        await app.StartAsync(cancellationToken);
        _app = app;

        // Routes() is the library's public way to tell the bootstrap its own contact point (the routes it returns need
        // Akka.Management's server and are not used); Start() then discovers, probes and joins or forms the cluster.
        bootstrap.Routes(ManagementRouteProviderSettings.Create(SelfUri(_cluster), readOnly: true));
        await bootstrap.Start();
        logger.LogInformation("Cluster Bootstrap contact point {Uri} serves {Path}; bootstrap started over {Discovery} discovery",
            SelfUri(_cluster), SeedNodesRoute.Path, _cluster.Discovery);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
