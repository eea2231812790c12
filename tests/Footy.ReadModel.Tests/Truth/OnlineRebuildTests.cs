using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Domain.Goals;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>
/// The read model rebuilt while the daemon runs, and retention reaching it: the 2022 final replayed with clips, the running
/// projection asked to rebuild in the middle of it while a reader watches the day (it never sees the day thinner than it was),
/// the read model equal to the summary and to an offline rebuild at the end; then retention purges the fixture: its goals stay
/// published without a clip, and a second online rebuild (the journal no longer has them) keeps them.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class OnlineRebuildTests(JournalBackends backends, FinalWithClips final, ITestOutputHelper output) : IClassFixture<FinalWithClips>
{
    private static readonly DateOnly FinalDay = new(2022, 12, 18);

    [Fact]
    public async Task A_rebuild_during_a_replay_never_shows_a_thinner_day_and_retention_leaves_the_goals_without_clips()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Retention.Days = 2;
        options.Retention.DeleteClips = true;
        var wall = Stopwatch.StartNew();
        await using var session = await ReplaySession.StartAsync(final.Directory, options, new ReplaySettings(), [],
            TestLogging.For(output), CancellationToken.None);
        var system = session.Host.Services.GetRequiredService<ActorSystem>();
        var store = session.Host.Services.GetRequiredService<IReadModelStore>();
        var registry = ActorRegistry.For(system);

        using var watching = new CancellationTokenSource();
        var reader = new DayReader(store);
        var playing = session.PlayAsync(null, CancellationToken.None);
        while ((await reader.ReadAsync()).Settled.Count < 2) await Task.Delay(100);
        var watch = reader.WatchAsync(watching.Token);
        var mid = await ReadModelRebuild.RequestAsync(registry, TimeSpan.FromMinutes(5), CancellationToken.None);
        output.WriteLine($"online rebuild after {wall.Elapsed.TotalSeconds:0.0}s: {mid.Events} events in {mid.Seconds:0.00}s, position {mid.Position}");
        Assert.True(mid.Events > 0);

        await playing;
        Assert.True(await session.Host.Services.GetRequiredService<ReadModelLag>().WaitUntilCaughtUpAsync(ReadModelCatchUp.Timeout, CancellationToken.None));
        await watching.CancelAsync();
        var reads = await watch;
        output.WriteLine($"{reads} reads of the day during and after the rebuild, none thinner than the one before");
        Assert.True(reads > 2, $"only {reads} reads of the day");

        var summary = await session.SummaryAsync(CancellationToken.None);
        Assert.NotEmpty(summary.Goals.SelectMany(g => g.Clips));
        var expected = PublishedFacts.Of(summary);
        var projected = await PublishedFacts.OfAsync(store);
        Assert.Equal(expected.Fixtures, projected.Fixtures);
        Assert.Equal(expected.Goals, projected.Goals);
        var (offline, _) = await ReadModels.RebuildAsync(options, "offline.db");
        await using (offline)
            Assert.Equal(await ReadModels.Snapshot(offline), await ReadModels.Snapshot(store));

        var poller = await registry.GetAsync<LivePoller>();
        var kickoff = (await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus())).Fixtures.Single().Kickoff;
        await poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(kickoff.AddDays(2).AddMinutes(1)), TimeSpan.FromMinutes(1));
        // The read model learns of the purge from the poller's journaled FixturePurged, as it learns everything: once caught up.
        Assert.True(await session.Host.Services.GetRequiredService<ReadModelLag>().WaitUntilCaughtUpAsync(ReadModelCatchUp.Timeout, CancellationToken.None));
        await AssertPurgedAsync(store, expected.Goals);

        var after = await ReadModelRebuild.RequestAsync(registry, TimeSpan.FromMinutes(5), CancellationToken.None);
        output.WriteLine($"online rebuild after the purge: {after.Events} events; total {wall.Elapsed.TotalSeconds:0.0}s");
        await AssertPurgedAsync(store, expected.Goals);
    }

    /// <summary>Every goal of the summary still published with its facts; none with a clip, the confirmed ones saying their clips are gone.</summary>
    private static async Task AssertPurgedAsync(IReadModelStore store, IReadOnlyList<PublishedFacts.GoalFact> goals)
    {
        var fixture = Assert.Single(await store.FixturesOnAsync(FinalDay));
        Assert.Equal(goals.Select(g => (g.Id, g.Player, g.Minute, g.State)).Order(),
            fixture.Goals.Select(g => (g.Id, g.Player, g.Minute, g.State)).Order());
        Assert.All(fixture.Goals, g => Assert.Empty(g.Clips));
        Assert.All(fixture.Goals, g => Assert.True(g.ClipsRemoved, g.Id));
        Assert.Equal(0, (await store.CountsAsync()).ClipsKept);
        Assert.Equal([FinalDay], await store.DaysAsync());
    }

    /// <summary>
    /// Reads the final's day over and over. Once a goal has been confirmed it is published for good (confirmed, complete,
    /// cancelled by VAR), and the position only moves forward: a read with such a goal missing or an older position would be a
    /// half-built or emptied read model.
    /// </summary>
    private sealed class DayReader(IReadModelStore store)
    {
        public async Task<(long Position, IReadOnlySet<string> Published, IReadOnlySet<string> Settled)> ReadAsync()
        {
            var position = await store.PositionAsync();
            var goals = (await store.FixturesOnAsync(FinalDay)).SelectMany(f => f.Goals).ToList();
            return (position, goals.Select(g => g.Id).ToHashSet(StringComparer.Ordinal),
                goals.Where(g => g.State != GoalStateNames.Pending).Select(g => g.Id).ToHashSet(StringComparer.Ordinal));
        }

        public async Task<int> WatchAsync(CancellationToken ct)
        {
            var (position, _, settled) = await ReadAsync();
            var reads = 1;
            while (!ct.IsCancellationRequested)
            {
                var (nextPosition, published, nextSettled) = await ReadAsync();
                Assert.True(nextPosition >= position, $"the read model went back from position {position} to {nextPosition}");
                Assert.True(published.IsSupersetOf(settled),
                    $"confirmed goals went missing: {string.Join(", ", settled.Except(published))} at position {nextPosition}");
                (position, settled) = (nextPosition, settled.Union(nextSettled).ToHashSet(StringComparer.Ordinal));
                reads++;
                await Task.Delay(20, CancellationToken.None);
            }
            return reads;
        }
    }
}
