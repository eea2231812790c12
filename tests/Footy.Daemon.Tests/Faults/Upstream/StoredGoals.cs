using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Goals;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Domain.Goals;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Tests.Faults.Upstream;

/// <summary>
/// What the daemon journaled for each goal (its confirmation state and clip hunt, rejections included), read by
/// starting the daemon again on the replay's journal without ticking it.
/// </summary>
public static class StoredGoals
{
    public static async Task<IReadOnlyList<GoalQueries.GoalView>> ReadAsync(FootyOptions replayed, IEnumerable<string> goalIds, Serilog.ILogger logger)
    {
        var options = JournalBackends.SameJournal(replayed);
        var runtime = new DaemonRuntime(new ReplayClock(DateTimeOffset.UnixEpoch), new IngestPlan([], false), SelfTicking: false);
        options.Cluster.Port = 0;
        options.Cluster.SeedNodes = [];
        using var host = FootyHost.Build(options, runtime, logger);
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromSeconds(60));
            var goals = await ActorRegistry.For(system).GetGoalRegionAsync();
            return await Task.WhenAll(goalIds.Select(id =>
                goals.Ask<GoalQueries.GoalView>(new GoalQueries.GetGoal(new GoalId(id)), TimeSpan.FromSeconds(30))));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
