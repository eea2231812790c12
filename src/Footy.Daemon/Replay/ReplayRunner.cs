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
/// How to replay: by default every recorded fixture is tracked and the request budget is lifted; with
/// <see cref="EnforceBudget"/> the configured plan applies, to see how the daemon degrades on it. With a
/// <see cref="Recorder"/> the replayed traffic is recorded again exactly as <c>footy record</c> records live traffic.
/// With <see cref="Faults"/> the recording's server injects upstream faults (fault tests).
/// </summary>
public sealed record ReplaySettings(bool ApplyTrackingFilters = false, bool EnforceBudget = false, RecordingWriter? Recorder = null, IServedFaults? Faults = null);

/// <summary>What a replay published, and how many API requests the daemon made for it.</summary>
public sealed record ReplayOutcome(MatchdaySummary Summary, int ApiRequests);

/// <summary>
/// Replays a recorded match day through the real daemon: a local server answers API-Football requests
/// from the recording, the daemon polls it on a virtual clock one poll interval per tick, as fast as the
/// actors finish each cycle. Started again on the same data directory it resumes after the last completed
/// poll, exactly as the daemon recovers after a crash.
/// </summary>
public static class ReplayRunner
{
    public static async Task<ReplayOutcome> RunAsync(
        string recordingDirectory, FootyOptions options, ReplaySettings settings, Serilog.ILogger logger,
        Action<ReplayTick>? onTick = null, CancellationToken ct = default)
    {
        var recording = Recording.Load(recordingDirectory);
        var clock = new ReplayClock(recording.Start);
        using var loggerFactory = new SerilogLoggerFactory(logger);
        await using var server = await RecordingServer.StartAsync(recording, clock.GetUtcNow, loggerFactory.CreateLogger("Footy.Replay.Server"), settings.Faults, ct);

        var replayOptions = ForReplay(options, recording, server.BaseUrl, settings.EnforceBudget);
        var runtime = new DaemonRuntime(clock, new IngestPlan(recording.FixtureDates, settings.ApplyTrackingFilters), SelfTicking: false, settings.Recorder);
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
            var clipSearchPolls = (int)Math.Ceiling(replayOptions.Clips.SearchAttempts * replayOptions.Clips.AttemptInterval / recording.PollInterval);
            var maxExtraPolls = replayOptions.Polling.GracePolls + replayOptions.Polling.ConfirmationPolls
                                + replayOptions.Polling.WithdrawalPolls + clipSearchPolls + 4;
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
                    if ((!status.Fixtures.Any(f => f.IsPolled) && status.OpenHunts == 0) || extraPolls >= maxExtraPolls) break;
                    extraPolls++;
                }
                now += recording.PollInterval;
            }
            return new ReplayOutcome(await MatchdaySummary.CollectAsync(registry, askTimeout, ct), server.RequestCount);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The daemon's settings for a replay: the recording's server and interval, a free port, and unless asked otherwise no budget limit.</summary>
    public static FootyOptions ForReplay(FootyOptions options, Recording recording, Uri serverUrl, bool enforceBudget)
    {
        options.ApiFootball.BaseUrl = serverUrl;
        options.ApiFootball.ApiKey = "replay";
        // A recorded fault answers the same at the same virtual time: retrying it only costs real time.
        options.ApiFootball.MaxRetries = 0;
        options.Polling.IntervalSeconds = (int)Math.Max(1, recording.PollInterval.TotalSeconds);
        if (!enforceBudget)
        {
            options.Budget.DailyRequests = int.MaxValue / 2;
            options.Budget.RequestsPerMinute = int.MaxValue / 2;
        }
        options.Cluster.Port = 0;
        options.Cluster.SeedNodes = [];
        // The recording's clips are found through the same server, speaking the search-service protocol.
        options.Clips.SearchServiceUrl = serverUrl.ToString();
        if (!options.Clips.AllowedDownloadHosts.Contains(serverUrl.Host)) options.Clips.AllowedDownloadHosts.Add(serverUrl.Host);
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
