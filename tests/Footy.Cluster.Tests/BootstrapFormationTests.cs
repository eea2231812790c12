using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Footy.Daemon.Clustering;
using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Footy.Storage;
using Footy.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;
using Xunit.Abstractions;
using static Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol;
using static Footy.Daemon.Replay.ReplayNodeApi;

namespace Footy.Cluster.Tests;

/// <summary>
/// Cluster formation by Akka.Management Cluster Bootstrap over config discovery, with the contact-point route served by
/// the daemon itself (<see cref="BootstrapContactPoint"/>): node processes on loopback form one cluster, a node started
/// later joins it, and the route answers what the library's probes read.
/// </summary>
public sealed class BootstrapFormationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromMinutes(2);
    private PostgresServer _postgres = null!;
    private S3rverServer _s3 = null!;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "footy-bootstrap-test-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("footy");
        _s3 = await S3rverServer.StartAsync();
        Directory.CreateDirectory(_data);
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Three_nodes_with_config_discovery_form_one_cluster_and_a_node_started_later_joins_it()
    {
        var recording = Recording.Load(Summaries.Recording("world-cup-final-2022"));
        await using var server = await RecordingServer.StartAsync(recording, () => recording.Start, NullLogger.Instance);
        using var ports = PortReservation.Take(4 * 4);
        var nodes = ports.Ports.Chunk(4).Select((p, i) => (Number: i + 1, Remoting: p[0], Management: p[1], Control: p[2], Admin: p[3])).ToList();
        var founders = nodes.Take(3).ToList();
        var processes = new List<ReplayNodeProcess>();
        try
        {
            // The three founders list each other; the late node lists all four, as a node added to the deployment would.
            processes.AddRange(founders.Select(n => Node(n, server.BaseUrl, founders.Select(f => f.Management))));
            foreach (var process in processes) process.Start();

            // A node answers its coordinator once its host has started, and with it the bootstrap: formation is timed from there.
            await WaitForAsync(processes, states => states.All(s => s is not null), "the founders starting");
            var formation = Stopwatch.StartNew();
            var formed = await WaitForAsync(processes, AllUp(processes.Count), "the three founders forming one cluster");
            output.WriteLine($"3 nodes formed one cluster by bootstrap {formation.Elapsed.TotalSeconds:0.0} s after all had started");
            Assert.All(formed, s => Assert.Equal(processes.Select(p => p.Address).Order(), s!.UpMembers.Order()));

            var late = Node(nodes[3], server.BaseUrl, nodes.Select(n => n.Management));
            processes.Add(late);
            late.Start();
            await WaitForAsync([late], states => states.All(s => s is not null), "the late node starting");
            var joining = Stopwatch.StartNew();
            var grown = await WaitForAsync(processes, AllUp(processes.Count), "the late node joining the founders' cluster");
            output.WriteLine($"the late node joined {joining.Elapsed.TotalSeconds:0.0} s after it had started");
            Assert.All(grown, s => Assert.Equal(processes.Select(p => p.Address).Order(), s!.UpMembers.Order()));
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(30))));
            foreach (var process in processes) process.Dispose();
        }
    }

    [Fact]
    public async Task The_seed_nodes_route_answers_what_the_bootstrap_probe_reads_and_nothing_once_the_node_leaves()
    {
        var system = ActorSystem.Create("footy", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.roles = [footy]
            akka.coordinated-shutdown.exit-clr = off
            """));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The member-up callback can run before the cluster's read view, which the route reads, has caught up.
            await UntilAsync(() => cluster.State.Members.Any(m => m.Address == cluster.SelfAddress && m.Status == MemberStatus.Up), "the read view showing this node up");

            var read = JsonConvert.DeserializeObject<SeedNodes>(SeedNodesRoute.Json(cluster, maxSeedNodes: 5))!;

            Assert.Equal(cluster.SelfAddress, read.SelfNode);
            var member = Assert.Single(read.Nodes);
            Assert.Equal(cluster.SelfAddress, member.Node);
            Assert.Equal(cluster.SelfUniqueAddress.Uid, member.NodeUid);
            Assert.Equal(MemberStatus.Up, member.Status);
            Assert.Equal(["footy"], member.Roles);

            var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
            await cluster.LeaveAsync();
            await removed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await UntilAsync(() => cluster.SelfMember.Status != MemberStatus.Up, "the read view showing this node gone");

            var leaving = JsonConvert.DeserializeObject<SeedNodes>(SeedNodesRoute.Json(cluster, maxSeedNodes: 5))!;

            Assert.Equal(cluster.SelfAddress, leaving.SelfNode);
            Assert.Empty(leaving.Nodes);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private ReplayNodeProcess Node((int Number, int Remoting, int Management, int Control, int Admin) node, Uri server, IEnumerable<int> contactPorts)
    {
        var data = Path.Combine(_data, $"node-{node.Number}");
        var environment = new Dictionary<string, string>
        {
            ["FOOTY_Journal__Provider"] = nameof(JournalProvider.PostgreSql),
            ["FOOTY_Journal__ConnectionString"] = _postgres.ConnectionString("footy"),
            ["FOOTY_ReadModel__Provider"] = nameof(ReadModelProvider.PostgreSql),
            ["FOOTY_ReadModel__ConnectionString"] = _postgres.ConnectionString("footy"),
            ["FOOTY_Clips__StorageKind"] = StorageOptions.S3Kind,
            ["FOOTY_Clips__S3Endpoint"] = _s3.Endpoint,
            ["FOOTY_Clips__S3AccessKey"] = S3rverServer.AccessKey,
            ["FOOTY_Clips__S3SecretKey"] = S3rverServer.SecretKey,
            ["FOOTY_Cluster__Discovery"] = nameof(ClusterDiscovery.Config),
            ["FOOTY_Cluster__Hostname"] = "127.0.0.1",
            ["FOOTY_Cluster__Port"] = node.Remoting.ToString(),
            ["FOOTY_Cluster__ManagementPort"] = node.Management.ToString(),
            ["FOOTY_Cluster__RequiredContactPoints"] = "3",
        };
        foreach (var (port, i) in contactPorts.Select((p, i) => (p, i))) environment[$"FOOTY_Cluster__ContactPoints__{i}"] = $"127.0.0.1:{port}";
        var program = new NodeProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay-node"]);
        string[] arguments = [Summaries.Recording("world-cup-final-2022"), "--server", server.ToString(), "--control-port", node.Control.ToString(), "--data", data];
        return new ReplayNodeProcess(node.Number, program, arguments, environment, data, node.Remoting, node.Management, node.Control, node.Admin);
    }

    private static Func<NodeState?[], bool> AllUp(int members) => states => states.All(s => s is { Up: true } && s.UpMembers.Count == members);

    /// <summary>Each node's view once <paramref name="done"/> holds for them all.</summary>
    private async Task<NodeState?[]> WaitForAsync(IReadOnlyList<ReplayNodeProcess> nodes, Func<NodeState?[], bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var states = await Task.WhenAll(nodes.Select(n => n.StateAsync(CancellationToken.None)));
            if (done(states)) return states;
            if (nodes.Any(n => !n.IsRunning) || waited.Elapsed > FormationTimeout)
            {
                foreach (var node in nodes.Where(n => File.Exists(n.LogFile)))
                    output.WriteLine($"--- node {node.Number} ---\n{await File.ReadAllTextAsync(node.LogFile)}");
                Assert.Fail($"waited {waited.Elapsed.TotalSeconds:0} s for {what}: {string.Join("; ", states.Select((s, i) => $"node {nodes[i].Number}: {(s is null ? "no answer" : $"up={s.Up} members=[{string.Join(", ", s.UpMembers)}]")}"))}");
            }
            await Task.Delay(250);
        }
    }
}
