using Footy.Cluster.Tests.Support;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Xunit.Abstractions;

namespace Footy.Cluster.Tests;

/// <summary>
/// A day of several overlapping fixtures on three nodes, with an upstream outage and the poller's node SIGKILLed: fixtures
/// and goals live on every node, each clip is stored once, one poller at a time, the outage is alerted once for the whole cluster
/// (by the node hosting the poller), and every inspection command answers the same whichever node is asked.
/// </summary>
public sealed class MultiFixtureClusterTests(MultiFixtureRecording recording, ClusterHarness harness, ITestOutputHelper output)
    : IClassFixture<MultiFixtureRecording>, IClassFixture<ClusterHarness>
{
    /// <summary>The kick-off of the day's first fixture is its poll 71 (35 minutes after the recording starts).</summary>
    private const int FirstKickoffPoll = 71;

    [Fact]
    public async Task Fixtures_and_goals_spread_over_every_node_one_alert_per_outage_and_every_node_answers_the_same()
    {
        using var webhook = new WebhookReceiver();
        var loaded = Recording.Load(recording.Directory);
        var outage = new UpstreamOutage(loaded.PollTime(FirstKickoffPoll + 25), loaded.PollTime(FirstKickoffPoll + 55));
        var faults = new[] { new NodeFault(NodeFault.Poller, FirstKickoffPoll + 90, Graceful: false) };
        var settings = new Dictionary<string, string>
        {
            ["FOOTY_Admin__AlertWebhookUrl"] = webhook.Url,
            ["FOOTY_Admin__AlertCheckSeconds"] = "1",
            ["FOOTY_Admin__StaleAfterSeconds"] = "60",
        };
        IReadOnlyDictionary<string, IReadOnlyList<string>> answers = new Dictionary<string, IReadOnlyList<string>>();

        var run = await harness.RunAsync("multi-fixture", recording.Directory, 3, faults, output, settings,
            async (nodes, ct) => answers = await InspectionAnswers.FromEveryNodeAsync(nodes, ct), outage);

        // The outage opens the API circuit breaker for a stretch of real time, so which polls it skips depends on the
        // replay's speed: the summary is compared with the one-node replay's by the tests of the final, not here.
        ClusterAssertions.StoredOnce(run);
        ClusterAssertions.SpreadOverEveryNode(run, fixturesToo: true);
        ClusterAssertions.OnePollerAtATime(run, ClusterReplayTests.HandOvers(run), null, output);

        Assert.Equal(3, answers["/api/status"].Count);
        foreach (var (path, perNode) in answers)
            Assert.True(perNode.Distinct().Count() == 1, $"{path} answers differently by node:\n{string.Join("\n", perNode)}");

        var alerts = await webhook.WaitForAsync(a => a.Kind == "recovered", TimeSpan.FromSeconds(10));
        foreach (var alert in alerts) output.WriteLine($"alert {alert.Kind} from {alert.Node} at {alert.At:u}: {alert.Message}");
        Assert.Equal(1, alerts.Count(a => a.Kind == "stale"));
        Assert.Equal(1, alerts.Count(a => a.Kind == "recovered"));
        Assert.All(alerts.GroupBy(a => a.Kind), g => Assert.Single(g));
    }

    /// <summary>API-Football answers 503 to every poll from <paramref name="from"/> until <paramref name="until"/> (virtual time).</summary>
    private sealed class UpstreamOutage(DateTimeOffset from, DateTimeOffset until) : IServedFaults
    {
        public ServedFault? FaultFor(ServedEndpoint endpoint, string pathAndQuery, DateTimeOffset now) =>
            endpoint == ServedEndpoint.Fixtures && now >= from && now < until ? new ServedFault.Status(503, "upstream down") : null;
    }
}
