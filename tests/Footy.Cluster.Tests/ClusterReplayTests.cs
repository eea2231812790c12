using Footy.Cluster.Tests.Support;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Xunit.Abstractions;

namespace Footy.Cluster.Tests;

/// <summary>
/// The final with its clips replayed on three node processes (<c>footy replay-node</c>) forming one cluster, on a real
/// PostgreSQL journal and a real S3 server, while nodes are SIGKILLed or leave: the summary is the one-node replay's, every
/// clip is stored once, nothing temporary is left, every node hosted goals, and the upstream saw one poller at a time.
/// </summary>
public sealed class ClusterReplayTests(ClipRecording recording, ClusterHarness harness, ITestOutputHelper output)
    : IClassFixture<ClipRecording>, IClassFixture<ClusterHarness>
{
    /// <summary>Seeds of the kill moments: <c>FOOTY_TEST_CLUSTER_SEED</c> (e.g. <c>17</c> to replay a failing run, or <c>1,2,3,4</c>), else 1 and 2.</summary>
    public const string SeedVariable = "FOOTY_TEST_CLUSTER_SEED";

    /// <summary>
    /// How many seeded replays run at once (each its own nodes, ports, database, bucket): <c>FOOTY_TEST_CLUSTER_PARALLEL</c>, else 1.
    /// On two cores beside other tests, two clusters of three nodes starve each other's heartbeats: a node is marked
    /// unreachable and downed before the cluster has even formed (seen at load 70).
    /// </summary>
    public const string ParallelVariable = "FOOTY_TEST_CLUSTER_PARALLEL";

    /// <summary>A poll asked again after a hand-over may bring one extra call with it (an ingest of the day the new poller catches up on).</summary>
    private const int MarginPerHandOver = 1;

    /// <summary>
    /// Per seed: the poller's node SIGKILLed at a seeded poll of the match and a seeded moment within that poll, and from
    /// another seeded poll (one where clips of a goal become available) the first node seen downloading, hashing or
    /// uploading clips SIGKILLed; each is started again after 5 s. The seeds and the moments they give are logged.
    /// </summary>
    [Fact]
    public async Task Poller_node_and_a_clip_node_SIGKILLed_at_seeded_moments_end_with_the_one_node_summary_and_each_clip_stored_once()
    {
        var seeds = (Environment.GetEnvironmentVariable(SeedVariable) ?? "1,2").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToList();
        var parallel = int.TryParse(Environment.GetEnvironmentVariable(ParallelVariable), out var p) && p > 0 ? p : 1;
        var clips = Recording.Load(recording.Directory).Clips.Select(c => c.AvailableFromPoll).Distinct().Order().ToList();
        var failures = new List<string>();

        foreach (var batch in seeds.Chunk(parallel))
            await Task.WhenAll(batch.Select(async seed =>
            {
                try
                {
                    await KilledAtSeededMomentsAsync(seed, clips);
                }
                catch (Exception e)
                {
                    output.WriteLine($"[seed {seed}] FAILED: {e}");
                    lock (failures) failures.Add($"seed {seed}: {e.Message}");
                }
            }));

        output.WriteLine($"{seeds.Count - failures.Count} of {seeds.Count} seeds passed ({string.Join(",", seeds)})");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task KilledAtSeededMomentsAsync(int seed, IReadOnlyList<int> clips)
    {
        var faults = KillsFor(seed, clips);
        output.WriteLine($"[seed {seed}] {SeedVariable}={seed}: SIGKILL {string.Join(" and ", faults.Select(f => $"{f} (+{f.Delay!.Value.TotalMilliseconds:0} ms)"))}");
        var run = await harness.RunAsync($"seed {seed}", recording.Directory, 3, faults, output);

        ClusterAssertions.EndsAsOneNode(run, recording.Planned.ExpectedGroups.Values.Sum(g => g.Count));
        ClusterAssertions.SpreadOverEveryNode(run, fixturesToo: false);
        ClusterAssertions.OnePollerAtATime(run, HandOvers(run), MarginPerHandOver, output);
        var kills = run.Outcome.FaultLog.Where(l => l.StartsWith("fault", StringComparison.Ordinal) && l.Contains("SIGKILL to node", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, kills.Count);
        Assert.Contains(kills, l => l.Contains("clip(s)", StringComparison.Ordinal));
        Assert.Equal(2, run.Outcome.FaultLog.Count(l => l.Contains("rejoined the cluster", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rolling_restart_of_all_three_nodes_mid_replay_ends_with_the_one_node_summary()
    {
        var faults = new[] { new NodeFault("1", 100, Graceful: true), new NodeFault("2", 180, Graceful: true), new NodeFault("3", 260, Graceful: true) };

        var run = await harness.RunAsync("rolling", recording.Directory, 3, faults, output);

        ClusterAssertions.EndsAsOneNode(run, recording.Planned.ExpectedGroups.Values.Sum(g => g.Count));
        ClusterAssertions.OnePollerAtATime(run, HandOvers(run), MarginPerHandOver, output);
        Assert.Equal(3, run.Outcome.FaultLog.Count(l => l.Contains("rejoined the cluster", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The kills of one seed: the poller's node at a poll from 30 polls before the first goal's clips to the last goal's,
    /// 0-3 s after its tick (before the next poll's); the clip node from the poll before a seeded goal's clips become available.
    /// </summary>
    private static IReadOnlyList<NodeFault> KillsFor(int seed, IReadOnlyList<int> clipPolls)
    {
        var random = new Random(seed);
        var poller = new NodeFault(NodeFault.Poller, random.Next(clipPolls[0] - 30, clipPolls[^1] + 1), Graceful: false,
            TimeSpan.FromMilliseconds(random.Next(0, 3000)));
        var clips = new NodeFault(NodeFault.ClipWorker, clipPolls[random.Next(clipPolls.Count)] - 1, Graceful: false, TimeSpan.Zero);
        return [poller, clips];
    }

    /// <summary>How many times the node hosting the poller was taken down: each hands polling over to another node once.</summary>
    internal static int HandOvers(ClusterRun run) =>
        run.Outcome.FaultLog.Count(l => l.StartsWith("fault", StringComparison.Ordinal) && l.Contains("host of the poller", StringComparison.Ordinal));
}
