using Akka.Cluster.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Remote.Hosting;
using Footy.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Clustering;

/// <summary>
/// How a node becomes a cluster member: remoting on <c>Cluster:Hostname:Port</c>, then either the seed nodes (a lone node
/// joins itself) or Akka.Management Cluster Bootstrap over config or Kubernetes API discovery, its contact point served by
/// <see cref="BootstrapContactPoint"/>; and how the cluster survives a node's death: the split-brain resolver's
/// keep-majority downs an unreachable node after <see cref="StableAfter"/>, so its shards and the poller singleton move to
/// the survivors.
/// </summary>
public static class ClusterFormation
{
    /// <summary>
    /// How long the membership must stay unchanged before the resolver downs the unreachable side. The default 20 s is
    /// for large clusters; a few nodes settle quickly, and every second here is a second without a poller after a crash.
    /// </summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    public static AkkaConfigurationBuilder WithFootyCluster(this AkkaConfigurationBuilder akka, ClusterNodeOptions cluster, string role)
    {
        akka.AddHocon($$"""
                akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                akka.cluster.split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{(int)StableAfter.TotalSeconds}}s
                }
                """, HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port })
            .WithClustering(new ClusterOptions { Roles = [role], SeedNodes = cluster.SeedNodes.ToArray() });
        if (cluster.Discovery == ClusterDiscovery.None)
            return akka.AddStartup((system, _) =>
            {
                if (cluster.SeedNodes.Count > 0) return;
                var self = Akka.Cluster.Cluster.Get(system);
                self.Join(self.SelfAddress);
            });

        // Not started here: BootstrapContactPoint serves the contact point first, then starts the bootstrap.
        akka.WithClusterBootstrap(bootstrap =>
        {
            bootstrap.ContactPointDiscovery.ServiceName = cluster.ServiceName;
            bootstrap.ContactPointDiscovery.RequiredContactPointsNr = cluster.RequiredContactPoints;
            // Contact points discovered without a port are probed on this one; several nodes on one host (loopback tests)
            // differ only by their management port, so every discovered port is kept.
            bootstrap.ContactPoint.FallbackPort = cluster.ManagementPort;
            bootstrap.ContactPoint.FilterOnFallbackPort = false;
        }, autoStart: false);
        return cluster.Discovery switch
        {
            ClusterDiscovery.Config => akka.AddHocon($$"""
                akka.discovery.method = config
                akka.discovery.config.services.{{Quoted(cluster.ServiceName)}}.endpoints = [{{string.Join(", ", cluster.ContactPoints.Select(Quoted))}}]
                """, HoconAddMode.Prepend),
            ClusterDiscovery.Kubernetes => akka.WithKubernetesDiscovery(cluster.KubernetesPodLabelSelector),
            _ => throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Discovery, "unknown cluster discovery"),
        };
    }

    /// <summary>With discovery, the contact point that Cluster Bootstrap probes on every node (<see cref="BootstrapContactPoint"/>).</summary>
    public static IServiceCollection AddClusterFormation(this IServiceCollection services, ClusterNodeOptions cluster)
    {
        if (cluster.Discovery != ClusterDiscovery.None) services.AddHostedService<BootstrapContactPoint>();
        return services;
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
