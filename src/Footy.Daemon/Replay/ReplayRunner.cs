using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Summary;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Footy.Daemon.Replay;

/// <summary>One replayed poll, for progress displays.</summary>
public sealed record ReplayTick(DateTimeOffset VirtualNow, int Poll, int PollCount, PollCycleReport Report);

/// <summary>
/// Replays a recorded match day through the real daemon: a local server answers API-Football requests
/// from the recording, the daemon polls it on a virtual clock one poll interval per tick, as fast as the
/// actors finish each cycle. Started again on the same data directory it resumes after the last completed
/// poll, exactly as the daemon recovers after a crash. With a recorder, the replayed traffic is recorded
/// again exactly as <c>footy record</c> records live traffic.
/// </summary>
public static class ReplayRunner
{
    public static async Task<MatchdaySummary> RunAsync(
        string recordingDirectory, FootyOptions options, bool applyTrackingFilters, Serilog.ILogger logger,
        Action<ReplayTick>? onTick = null, CancellationToken ct = default, RecordingWriter? recorder = null)
    {
        var recording = Recording.Load(recordingDirectory);
        var clock = new ReplayClock(recording.Start);
        using var loggerFactory = new SerilogLoggerFactory(logger);
        await using var server = await RecordingServer.StartAsync(recording, clock.GetUtcNow, loggerFactory.CreateLogger("Footy.Replay.Server"), ct);

        var replayOptions = ForReplay(options, recording, server.BaseUrl);
        var runtime = new DaemonRuntime(clock, new IngestPlan(recording.FixtureDates, applyTrackingFilters), SelfTicking: false, recorder);
        using var host = FootyHost.Build(replayOptions, runtime, logger);
        await host.StartAsync(ct);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromSeconds(60));
            var registry = ActorRegistry.For(system);
            var poller = await registry.GetAsync<LivePoller>(ct);
            var askTimeout = TimeSpan.FromSeconds(replayOptions.Polling.CycleTimeoutSeconds * 2);

            var status = await AskStatusAsync(poller, ct);
            var now = status.LastCycleAt is { } resumed ? resumed + recording.PollInterval : recording.Start;
            if (status.LastCycleAt is not null)
                logger.Information("Replay of {Recording} resumes at {Now:u} from the journal in {Data}", recording.Name, now, replayOptions.DataDirectory);

            var extraPolls = 0;
            var maxExtraPolls = replayOptions.Polling.GracePolls + replayOptions.Polling.ConfirmationPolls + replayOptions.Polling.WithdrawalPolls + 2;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                clock.Set(now);
                var done = await poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(now), askTimeout, ct);
                if (done.Report.Error is { } error)
                    logger.Warning("Replay poll at {Now:u} did not complete: {Error}", now, error);
                onTick?.Invoke(new ReplayTick(now, PollNumber(recording, now), recording.PollCount, done.Report));

                if (now >= recording.LastPollAt)
                {
                    status = await AskStatusAsync(poller, ct);
                    if (!status.Fixtures.Any(f => f.IsPolled) || extraPolls >= maxExtraPolls) break;
                    extraPolls++;
                }
                now += recording.PollInterval;
            }
            return await MatchdaySummary.CollectAsync(registry, askTimeout, ct);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The daemon's settings for a replay: the recording's server and interval, no budget limit, a free port.</summary>
    public static FootyOptions ForReplay(FootyOptions options, Recording recording, Uri serverUrl)
    {
        options.ApiFootball.BaseUrl = serverUrl;
        options.ApiFootball.ApiKey = "replay";
        // A recorded fault answers the same at the same virtual time: retrying it only costs real time.
        options.ApiFootball.MaxRetries = 0;
        options.Polling.IntervalSeconds = (int)Math.Max(1, recording.PollInterval.TotalSeconds);
        options.Budget.DailyRequests = int.MaxValue / 2;
        options.Budget.RequestsPerMinute = int.MaxValue / 2;
        options.Cluster.Port = 0;
        options.Cluster.SeedNodes = [];
        return options;
    }

    private static int PollNumber(Recording recording, DateTimeOffset now) =>
        (int)Math.Floor((now - recording.Start) / recording.PollInterval) + 1;

    /// <summary>The singleton may take a moment to start after the node is up: ask until it answers.</summary>
    private static async Task<PollerQueries.PollerStatus> AskStatusAsync(IActorRef poller, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await poller.Ask<PollerQueries.PollerStatus>(new PollerQueries.GetPollerStatus(), TimeSpan.FromSeconds(5), ct);
            }
            catch (AskTimeoutException) when (attempt < 12)
            {
            }
        }
    }
}
