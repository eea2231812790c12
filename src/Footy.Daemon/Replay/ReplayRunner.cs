using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Polling;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Summary;
using Footy.Recordings;

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

/// <summary>What a replay published, how many API requests the daemon made for it, and (one node) the real time of its polls.</summary>
public sealed record ReplayOutcome(MatchdaySummary Summary, int ApiRequests)
{
    public ReplayTiming? Timing { get; init; }
}

/// <summary>
/// Replays a recorded match day through the real daemon: a local server answers API-Football requests
/// from the recording, the daemon polls it on a virtual clock one poll interval per tick, as fast as the
/// actors finish each cycle. Started again on the same data directory it resumes after the last completed
/// poll, exactly as the daemon recovers after a crash.
/// </summary>
public static class ReplayRunner
{
    /// <summary><c>footy replay</c>: play the recording, collect the summary, stop. A batch job, so no admin endpoint.</summary>
    public static async Task<ReplayOutcome> RunAsync(
        string recordingDirectory, FootyOptions options, ReplaySettings settings, Serilog.ILogger logger,
        Action<ReplayTick>? onTick = null, CancellationToken ct = default)
    {
        await using var session = await ReplaySession.StartAsync(recordingDirectory, options, settings, [], logger, ct);
        await session.PlayAsync(onTick, ct);
        logger.Information("Replay of {Recording}: {Timing}", recordingDirectory, session.Timing.ToText());
        await ReadModelCatchUp.WaitAsync(session.Host.Services, logger, ct);
        return new ReplayOutcome(await session.SummaryAsync(ct), session.ApiRequests) { Timing = session.Timing };
    }

    /// <summary>The daemon's settings for a replay: the recording's server and interval, a free port, and unless asked otherwise no budget limit.</summary>
    public static FootyOptions ForReplay(FootyOptions options, Recording recording, Uri serverUrl, bool enforceBudget, bool clusterNode = false)
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
        // A one-node replay is a cluster of its own; a node of a multi-node replay keeps the address its coordinator gave it.
        if (!clusterNode)
        {
            options.Cluster.Port = 0;
            options.Cluster.SeedNodes = [];
        }
        // The recording's clips are found through the same server, speaking the search-service protocol.
        options.Clips.SearchServiceUrl = serverUrl.ToString();
        if (!options.Clips.AllowedDownloadHosts.Contains(serverUrl.Host)) options.Clips.AllowedDownloadHosts.Add(serverUrl.Host);
        return options;
    }

    internal static int PollNumber(Recording recording, DateTimeOffset now) =>
        (int)Math.Floor((now - recording.Start) / recording.PollInterval) + 1;

    /// <summary>The singleton may take a moment to start after the node is up: ask until it answers.</summary>
    internal static async Task<PollerQueries.PollerStatus> AskStatusAsync(IActorRef poller, CancellationToken ct)
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
