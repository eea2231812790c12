using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Sharding;

/// <summary>A restarted node brings back its active fixtures and unfinished goals from the journal, before any message reaches them.</summary>
[Collection(DaemonCollection.Name)]
public sealed class RememberEntitiesTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task Active_fixtures_and_unfinished_goals_restart_without_waiting_for_a_message()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        var logger = TestLogging.For(output);
        using (var stop = new CancellationTokenSource())
        {
            // Poll 160 of the final is the 42nd minute: two goals confirmed, the match still on.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReplayRunner.RunAsync(
                Summaries.Recording("world-cup-final-2022"), JournalBackends.SameJournal(options), new ReplaySettings(), logger,
                tick => { if (tick.Poll >= 160) stop.Cancel(); }, stop.Token));
        }

        var restarted = JournalBackends.SameJournal(options);
        restarted.Cluster.Port = 0;
        using var host = FootyHost.Build(restarted, new DaemonRuntime(TimeProvider.System, IngestPlan.Live, SelfTicking: false), logger);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromSeconds(60));
            var registry = ActorRegistry.For(system);

            await Eventually(async () => (await RunningEntities((await registry.GetFixtureRegionAsync()).Ref)).Contains("979139"));
            await Eventually(async () =>
            {
                var goals = await RunningEntities((await registry.GetGoalRegionAsync()).Ref);
                return goals.Contains("979139-1") && goals.Contains("979139-2");
            });
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<IReadOnlySet<string>> RunningEntities(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("entities were not restarted from the remember-entities store within 45 s");
            await Task.Delay(250);
        }
    }
}
