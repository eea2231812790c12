using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Storage;
using Footy.Storage.Tests.Support;
using Serilog;
using Xunit.Abstractions;

namespace Footy.Cluster.Tests;

/// <summary>
/// The final with its clips replayed on three node processes (<c>footy replay-node</c>) forming one cluster, on a real
/// PostgreSQL journal and a real S3 server, while nodes are SIGKILLed or leave: the summary is the one-node replay's
/// (the recording's expected outcome), every clip is stored once, nothing temporary is left, and the upstream sees no storm.
/// </summary>
public sealed class ClusterReplayTests(ClipRecording recording, ITestOutputHelper output) : IClassFixture<ClipRecording>, IAsyncLifetime
{
    private const string S3rverObjectSuffix = "._S3rver_object";
    private PostgresServer _postgres = null!;
    private S3rverServer _s3 = null!;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "footy-cluster-test-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("footy");
        _s3 = await S3rverServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    /// <summary>
    /// The poller's node killed mid-match (poll 120: the second half), another node killed while the goal of minute 108 is
    /// searched, downloaded and hashed (poll 240), each started again after 5 s.
    /// </summary>
    [Fact]
    public async Task Poller_node_and_a_clip_node_SIGKILLed_mid_match_end_with_the_one_node_summary_and_each_clip_stored_once()
    {
        var faults = new[] { new NodeFault(NodeFault.Poller, 120, Graceful: false), new NodeFault("2", 240, Graceful: false) };

        var outcome = await ReplayAsync(faults);

        AssertOneNodeOutcome(outcome);
        Assert.Equal(2, outcome.FaultLog.Count(l => l.StartsWith("fault", StringComparison.Ordinal) && l.Contains("SIGKILL to node", StringComparison.Ordinal)));
        Assert.Equal(2, outcome.FaultLog.Count(l => l.Contains("rejoined the cluster", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rolling_restart_of_all_three_nodes_mid_replay_ends_with_the_one_node_summary()
    {
        var faults = new[] { new NodeFault("1", 100, Graceful: true), new NodeFault("2", 180, Graceful: true), new NodeFault("3", 260, Graceful: true) };

        var outcome = await ReplayAsync(faults);

        AssertOneNodeOutcome(outcome);
        Assert.Equal(3, outcome.FaultLog.Count(l => l.Contains("rejoined the cluster", StringComparison.Ordinal)));
    }

    private async Task<ClusterReplayOutcome> ReplayAsync(IReadOnlyList<NodeFault> faults)
    {
        var options = new FootyOptions
        {
            DataDirectory = _data,
            Journal = new JournalOptions { Provider = JournalProvider.PostgreSql, ConnectionString = _postgres.ConnectionString("footy") },
        };
        options.Clips.StorageKind = StorageOptions.S3Kind;
        var environment = new Dictionary<string, string>
        {
            ["FOOTY_Journal__Provider"] = "PostgreSql",
            ["FOOTY_Journal__ConnectionString"] = _postgres.ConnectionString("footy"),
            ["FOOTY_Clips__StorageKind"] = StorageOptions.S3Kind,
            ["FOOTY_Clips__S3Endpoint"] = _s3.Endpoint,
            ["FOOTY_Clips__S3AccessKey"] = S3rverServer.AccessKey,
            ["FOOTY_Clips__S3SecretKey"] = S3rverServer.SecretKey,
            // A poll cut short by a node's death is asked again once its fixture or goals time out: keep that short.
            ["FOOTY_Polling__CycleTimeoutSeconds"] = "15",
        };
        foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);
        var program = new NodeProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay-node"]);
        using var log = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new OutputSink(output)).CreateLogger();

        var outcome = await ClusterReplay.RunAsync(recording.Directory, options,
            new ClusterReplaySettings(3, faults, TimeSpan.FromSeconds(5), new ReplaySettings()), program, [], log);

        output.WriteLine($"wall time {outcome.WallTime.TotalSeconds:0.0} s, {outcome.Requests.Count} API requests");
        foreach (var line in outcome.FaultLog) output.WriteLine(line);
        foreach (var (node, hosted) in outcome.Hosted)
            output.WriteLine($"node {node} hosted fixtures [{string.Join(",", hosted.Fixtures)}] goals [{string.Join(",", hosted.Goals)}]");
        return outcome;
    }

    private void AssertOneNodeOutcome(ClusterReplayOutcome outcome)
    {
        var (fixtures, goals) = Summaries.Normalize(outcome.Summary);
        var expected = Summaries.LoadExpected(Path.Combine(recording.Directory, "expected.json"));
        Assert.Equal(expected.Fixtures, fixtures);
        Assert.Equal(expected.Goals, goals);

        // Every kept clip stored exactly once, and nothing else in the bucket: no temporary or doubled object.
        var keys = outcome.Summary.Goals.SelectMany(g => g.Clips).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(keys, ObjectKeys(Path.Combine(_s3.Directory, new FootyOptions().Clips.S3Bucket)));
        Assert.Equal(recording.Planned.ExpectedGroups.Values.Sum(g => g.Count),
            outcome.Summary.Goals.Where(g => g.State != "cancelled").Sum(g => g.Clips.Count));

        // The work spread: every node hosted goals at some point, and every goal was hosted somewhere.
        Assert.All(outcome.Hosted.Values, h => Assert.NotEmpty(h.Goals));
        Assert.Equal(outcome.Summary.Goals.Select(g => g.Id).Order(StringComparer.Ordinal),
            outcome.Hosted.Values.SelectMany(h => h.Goals).Distinct().Order(StringComparer.Ordinal));

        // No storm: each poll's request was made at most twice (once more when its poller died with it), and
        // never by two nodes at the same real moment.
        var perPoll = outcome.Requests.GroupBy(r => (r.VirtualAt, r.PathAndQuery)).ToList();
        Assert.All(perPoll, g => Assert.InRange(g.Count(), 1, 2));
        foreach (var repeated in perPoll.Where(g => g.Count() > 1))
            output.WriteLine($"asked again: {repeated.Key.PathAndQuery} at {repeated.Key.VirtualAt:u} by {string.Join(" then ", repeated.Select(r => r.Client))}");
        var byNodes = perPoll.Count(g => g.Select(r => r.Client).Distinct().Count() > 1);
        Assert.True(byNodes <= outcome.FaultLog.Count(l => l.StartsWith("fault", StringComparison.Ordinal)),
            "more polls were asked again by another node than nodes were taken down");
    }

    private static IReadOnlyList<string> ObjectKeys(string bucketDirectory) =>
        Directory.Exists(bucketDirectory)
            ? Directory.EnumerateFiles(bucketDirectory, "*" + S3rverObjectSuffix, SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(bucketDirectory, f)[..^S3rverObjectSuffix.Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    private sealed class OutputSink(ITestOutputHelper output) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent e)
        {
            try { output.WriteLine($"{e.Timestamp:HH:mm:ss.fff} [{e.Level}] {e.RenderMessage()}"); }
            catch (InvalidOperationException) { }
        }
    }
}
