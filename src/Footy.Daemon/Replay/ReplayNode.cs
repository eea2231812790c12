using System.Net;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Summary;
using Footy.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Footy.Daemon.Replay.ReplayNodeApi;

namespace Footy.Daemon.Replay;

/// <summary>
/// One node of <c>footy replay --nodes N</c>: a whole daemon, a cluster member joining the other nodes as seed nodes, whose API and
/// clip searches go to the coordinator's recording server. It never ticks itself: the coordinator sets its virtual clock
/// and asks it for each poll (<see cref="ReplayNodeApi"/>), so every node reads the same time whichever hosts the poller.
/// It runs until stopped (SIGTERM: a graceful leave) or killed.
/// </summary>
public static class ReplayNode
{
    private static readonly TimeSpan StateAskTimeout = TimeSpan.FromSeconds(3);

    /// <param name="surfaces">What runs beside the daemon: <c>footy replay-node</c> adds the admin endpoint, so every inspection
    /// command can be asked of any node.</param>
    public static async Task RunAsync(string recordingDirectory, FootyOptions options, ReplaySettings settings, Uri server, int controlPort,
        IReadOnlyList<IDaemonSurface> surfaces, Serilog.ILogger logger, CancellationToken ct)
    {
        var recording = Recording.Load(recordingDirectory);
        var clock = new ReplayClock(recording.Start);
        var nodeOptions = ReplayRunner.ForReplay(options, recording, server, settings.EnforceBudget, clusterNode: true);
        var runtime = new DaemonRuntime(clock, new IngestPlan(recording.FixtureDates, settings.ApplyTrackingFilters), SelfTicking: false);
        using var host = FootyHost.Build(nodeOptions, runtime, logger, surfaces);
        await host.StartAsync(ct);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var askTimeout = TimeSpan.FromSeconds(nodeOptions.Polling.CycleTimeoutSeconds * 2);
        var control = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        control.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, controlPort));
        control.Services.AddRoutingCore();
        await using var app = control.Build();
        app.UseRouting();
        app.MapPost(TickPath, (long at, CancellationToken rct) => TickAsync(system, clock, DateTimeOffset.FromUnixTimeMilliseconds(at), askTimeout, rct));
        app.MapPost(ClockPath, (long at) => clock.Set(DateTimeOffset.FromUnixTimeMilliseconds(at)));
        var pipeline = host.Services.GetRequiredService<Clips.ClipPipeline>();
        app.MapGet(ClipWorkPath, () => Results.Json(new ClipWork(pipeline.ClipsInFlight), Json));
        app.MapGet(StatePath, (CancellationToken rct) => StateAsync(system, rct));
        app.MapGet(SummaryPath, async (CancellationToken rct) =>
            Results.Text((await MatchdaySummary.CollectAsync(ActorRegistry.For(system), askTimeout, rct)).ToJson(), "application/json"));
        await app.StartAsync(ct);
        logger.Information("Replay node {Address} serves its coordinator on 127.0.0.1:{Port}",
            Akka.Cluster.Cluster.Get(system).SelfAddress, controlPort);
        try
        {
            await host.WaitForShutdownAsync(ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs one poll, unless a member becomes unreachable first: then the poll's fate waits for the cluster to settle.</summary>
    private static async Task<IResult> TickAsync(ActorSystem system, ReplayClock clock, DateTimeOffset at, TimeSpan askTimeout, CancellationToken ct)
    {
        clock.Set(at);
        var poller = await ActorRegistry.For(system).GetAsync<LivePoller>(ct);
        var tick = poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(at), askTimeout, ct);
        var unreachable = FirstUnreachableAsync(system, tick);
        if (await Task.WhenAny(tick, unreachable) == unreachable && !tick.IsCompleted)
            return Results.Json(new TickAnswer(false, true, $"{await unreachable} became unreachable during the poll", null), Json);
        try
        {
            var done = await tick;
            return Results.Json(new TickAnswer(done.Report.Error is null, false, done.Report.Error, done.Report), Json);
        }
        catch (AskTimeoutException e)
        {
            return Results.Json(new TickAnswer(false, true, $"the poller did not answer: {e.Message}", null), Json);
        }
    }

    private static Task<string> FirstUnreachableAsync(ActorSystem system, Task until)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var watcher = system.ActorOf(Props.Create(() => new UnreachableWatcher(found)));
        cluster.Subscribe(watcher, Akka.Cluster.ClusterEvent.InitialStateAsEvents, typeof(Akka.Cluster.ClusterEvent.UnreachableMember));
        until.ContinueWith(_ => system.Stop(watcher), TaskScheduler.Default);
        return found.Task;
    }

    private sealed class UnreachableWatcher : ReceiveActor
    {
        public UnreachableWatcher(TaskCompletionSource<string> found)
        {
            Receive<Akka.Cluster.ClusterEvent.UnreachableMember>(m => found.TrySetResult(m.Member.Address.ToString()));
        }

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private static async Task<IResult> StateAsync(ActorSystem system, CancellationToken ct)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var up = state.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(FootyHost.Role)).ToList();
        var oldest = up.Count == 0 ? null : up.Aggregate((a, b) => a.IsOlderThan(b) ? a : b);
        var registry = ActorRegistry.For(system);
        PollerProgress? progress = null;
        try
        {
            var status = await registry.Get<LivePoller>().Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus(), StateAskTimeout, ct);
            progress = new PollerProgress(status.LastCycleAt, status.Fixtures.Any(f => f.IsPolled), status.OpenHunts);
        }
        catch (AskTimeoutException)
        {
        }
        var answer = new NodeState(
            cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up,
            cluster.SelfAddress.ToString(),
            up.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList(),
            state.Unreachable.Count,
            oldest?.Address.ToString(),
            progress,
            await HostedAsync(registry.Get<FixtureRegion>(), ct),
            await HostedAsync(registry.Get<GoalRegion>(), ct));
        return Results.Json(answer, Json);
    }

    private static async Task<IReadOnlyList<string>> HostedAsync(IActorRef region, CancellationToken ct)
    {
        try
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, StateAskTimeout, ct);
            return state.Shards.SelectMany(s => s.EntityIds).Order(StringComparer.Ordinal).ToList();
        }
        catch (AskTimeoutException)
        {
            return [];
        }
    }
}
