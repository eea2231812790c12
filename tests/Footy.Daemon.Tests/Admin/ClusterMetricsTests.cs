using Akka.Actor;
using Footy.Admin;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Storage;
using Footy.Storage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Admin;

/// <summary>
/// In a cluster each node reports its own figures, and the cluster's figures (fixtures, goals, the poller's freshness)
/// come from one node only: the one hosting the poller singleton, and after it leaves, the one it moved to.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ClusterMetricsTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task The_clusters_figures_are_reported_by_the_node_hosting_the_poller_only_and_move_with_it()
    {
        var first = await backends.OptionsFor(Backend.PostgreSql);
        var second = JournalBackends.SameJournal(first);
        second.DataDirectory = (await backends.OptionsFor(Backend.Sqlite)).DataDirectory;
        using var port = PortReservation.Take(1);
        first.Cluster.Port = port.Ports[0];
        var seed = $"akka.tcp://{FootyHost.SystemName}@127.0.0.1:{first.Cluster.Port}";
        // Nodes of one cluster share the clip store and the read model (a node is refused otherwise).
        await using var s3 = await S3rverServer.StartAsync();
        foreach (var node in new[] { first, second })
        {
            node.Cluster.SeedNodes = [seed];
            node.Admin.Port = 0;
            node.Clips.StorageKind = StorageOptions.S3Kind;
            node.Clips.S3Endpoint = s3.Endpoint;
            node.Clips.S3AccessKey = S3rverServer.AccessKey;
            node.Clips.S3SecretKey = S3rverServer.SecretKey;
            node.ReadModel.Provider = ReadModelProvider.PostgreSql;
            node.ReadModel.ConnectionString = first.Journal.ConnectionString;
        }
        second.Cluster.Port = 0;

        using var oldest = await StartAsync(first);
        using var younger = await StartAsync(second);
        using var toOldest = Client(oldest);
        using var toYounger = Client(younger);

        var fromOldest = await ScrapeUntilAsync(toOldest, "footy_poller_stale 0");
        var fromYounger = await toYounger.GetStringAsync("/metrics");
        Assert.Contains("footy_fixtures{phase=\"active\"} 0", fromOldest);
        Assert.DoesNotMatch("(?m)^(footy_poller_stale|footy_fixtures|footy_goals|footy_clips_kept|footy_open_clip_hunts)[ {]", fromYounger);
        Assert.Matches("(?m)^footy_media_queue_depth 0$", fromYounger);

        await oldest.StopAsync();
        Assert.Contains("footy_fixtures{phase=\"active\"} 0", await ScrapeUntilAsync(toYounger, "footy_poller_stale 0"));
        await younger.StopAsync();
    }

    /// <summary>The singleton starts (or moves) a moment after the membership changes: scrape until the page shows it.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient node, string series)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await node.GetStringAsync("/metrics");
            if (page.Contains(series, StringComparison.Ordinal)) return page;
            Assert.True(DateTime.UtcNow < deadline, $"{series} never appeared on {node.BaseAddress}:\n{page}");
            await Task.Delay(500);
        }
    }

    private async Task<IHost> StartAsync(FootyOptions options)
    {
        var host = FootyHost.Build(options, new DaemonRuntime(TimeProvider.System, IngestPlan.Live, SelfTicking: false), TestLogging.For(output),
            new AdminSurface());
        await host.StartAsync();
        await FootyHost.WaitForClusterUpAsync(host.Services.GetRequiredService<ActorSystem>(), TimeSpan.FromSeconds(60));
        return host;
    }

    private static HttpClient Client(IHost host) => new() { BaseAddress = host.Services.GetRequiredService<AdminEndpoint>().BoundUrl };
}
