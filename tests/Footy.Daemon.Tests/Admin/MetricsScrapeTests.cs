using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Footy.Admin;
using Footy.Daemon.Goals;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Admin;

/// <summary>
/// /metrics reads the poller and the journal, never the entities: scraping it all the while settled goals wait to passivate
/// neither keeps them in memory nor starts them again, and the goals it counts are the recording's.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class MetricsScrapeTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task Scraping_neither_keeps_settled_goals_from_passivating_nor_starts_them_again()
    {
        var recording = Summaries.Recording("world-cup-final-2022");
        var expected = Summaries.LoadExpected(Path.Combine(recording, "expected.json"));
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Admin.Port = 0;
        options.Cluster.PassivateSettledAfterSeconds = 5;
        await using var session = await ReplaySession.StartAsync(recording, options, new ReplaySettings(), [new AdminSurface()],
            TestLogging.For(output), CancellationToken.None);
        await session.PlayAsync(null, CancellationToken.None);

        var goals = ClusterSharding.Get(session.Host.Services.GetRequiredService<ActorSystem>()).ShardRegion(GoalActor.TypeName);
        using var http = new HttpClient { BaseAddress = session.Host.Services.GetRequiredService<AdminEndpoint>().BoundUrl };
        Assert.True(await RunningAsync(goals) > 0, "the goals are still in memory right after the replay");

        // A settled goal passivates after 5 s without a message: scrape every second meanwhile.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string metrics;
        do
        {
            metrics = await http.GetStringAsync("/metrics");
            await Task.Delay(1000);
        }
        while (await RunningAsync(goals) > 0 && DateTime.UtcNow < deadline);
        Assert.Equal(0, await RunningAsync(goals));

        for (var scrape = 0; scrape < 3; scrape++) metrics = await http.GetStringAsync("/metrics");
        Assert.Equal(0, await RunningAsync(goals));
        Assert.Equal(expected.Goals.Count(g => g.State == "complete"), Sample(metrics, "footy_goals{state=\"complete\"}"));
        Assert.Equal(expected.Goals.Count(g => g.State == "cancelled"), Sample(metrics, "footy_goals{state=\"cancelled\"}"));
        Assert.Equal(0, Sample(metrics, "footy_goals{state=\"pending\"}"));
        Assert.Equal(1, Sample(metrics, "footy_fixtures{phase=\"finished\"}"));
        Assert.Equal(0, Sample(metrics, "footy_open_clip_hunts"));
    }

    /// <summary>Goal entities running on this node, as its shard region counts them.</summary>
    private static async Task<int> RunningAsync(IActorRef region) =>
        (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10))).Shards.Sum(s => s.EntityIds.Count);

    private static double Sample(string metrics, string series)
    {
        var line = Regex.Match(metrics, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(line.Success, $"{series} is not on the page:\n{metrics}");
        return double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
