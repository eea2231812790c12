using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Polling;
using Footy.Daemon.Summary;
using Footy.Media.Synthetic;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Footy.Daemon.Replay;

/// <summary>
/// A daemon running against a recording on a virtual clock: the recording's server, the host and the poller. <see cref="PlayAsync"/>
/// plays the recording; <c>footy run --recording</c> then goes on with <see cref="KeepPollingAsync"/>, so the node stays up for inspection.
/// </summary>
public sealed class ReplaySession : IAsyncDisposable
{
    private readonly Recording _recording;
    private readonly ReplayClock _clock;
    private readonly RecordingServer _server;
    private readonly SerilogLoggerFactory _loggerFactory;
    private readonly Serilog.ILogger _logger;
    private readonly IActorRef _poller;
    private readonly TimeSpan _askTimeout;
    private DateTimeOffset _next;

    private ReplaySession(Recording recording, ReplayClock clock, RecordingServer server, SerilogLoggerFactory loggerFactory,
        Serilog.ILogger logger, IHost host, FootyOptions options, IActorRef poller, DateTimeOffset next)
    {
        _recording = recording;
        _clock = clock;
        _server = server;
        _loggerFactory = loggerFactory;
        _logger = logger;
        Host = host;
        Options = options;
        _poller = poller;
        _askTimeout = TimeSpan.FromSeconds(options.Polling.CycleTimeoutSeconds * 2);
        _next = next;
    }

    public IHost Host { get; }

    public FootyOptions Options { get; }

    public int ApiRequests => _server.RequestCount;

    /// <summary>The real time each poll played so far took, and where it went.</summary>
    public ReplayTiming Timing { get; } = new();

    /// <summary>
    /// Starts the daemon on the recording. With <paramref name="startAt"/> the virtual clock starts there instead of at the
    /// recording's start, and fixtures are ingested as a live daemon started then would (today and the next days), not
    /// by the recording's dates: e.g. after the recorded day, to backfill it. <paramref name="surfaces"/> run beside the daemon
    /// (<c>footy run --recording</c> adds the admin endpoint).
    /// </summary>
    public static async Task<ReplaySession> StartAsync(
        string recordingDirectory, FootyOptions options, ReplaySettings settings, IReadOnlyList<IDaemonSurface> surfaces, Serilog.ILogger logger,
        CancellationToken ct, DateTimeOffset? startAt = null)
    {
        var recording = Recording.Load(recordingDirectory);
        if (recording.Clips.Count == 0 && ClipPlan.IsIn(recordingDirectory))
            logger.Warning("Recording {Recording} plans its clips (clips/{Plan}) but none is rendered (no clips/index.json): every clip search " +
                           "will find nothing. `footy demo` renders the bundled final's into .footy/demo-recording, a recording to replay or run instead",
                recording.Name, ClipPlan.FileName);
        var clock = new ReplayClock(startAt ?? recording.Start);
        var loggerFactory = new SerilogLoggerFactory(logger);
        var server = await RecordingServer.StartAsync(recording, clock.GetUtcNow, loggerFactory.CreateLogger("Footy.Replay.Server"), settings.Faults, ct);
        IHost? host = null;
        try
        {
            var replayOptions = ReplayRunner.ForReplay(options, recording, server.BaseUrl, settings.EnforceBudget);
            var ingest = new IngestPlan(startAt is null ? recording.FixtureDates : null, settings.ApplyTrackingFilters);
            var runtime = new DaemonRuntime(clock, ingest, SelfTicking: false, settings.Recorder);
            host = FootyHost.Build(replayOptions, runtime, logger, surfaces);
            await host.StartAsync(ct);
            var system = host.Services.GetRequiredService<ActorSystem>();
            await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromSeconds(60));
            var poller = await ActorRegistry.For(system).GetAsync<LivePoller>(ct);
            var status = await ReplayRunner.AskStatusAsync(poller, ct);
            var next = status.LastCycleAt is { } resumed ? resumed + recording.PollInterval : startAt ?? recording.Start;
            if (status.LastCycleAt is not null)
                logger.Information("Replay of {Recording} resumes at {Now:u} from the journal in {Data}", recording.Name, next, replayOptions.DataDirectory);
            return new ReplaySession(recording, clock, server, loggerFactory, logger, host, replayOptions, poller, next);
        }
        catch
        {
            if (host is not null) await host.StopAsync(CancellationToken.None);
            host?.Dispose();
            await server.DisposeAsync();
            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Polls through the recording, then on until no fixture is polled and no clip search is open (or a bounded
    /// number of extra polls), as fast as the actors finish each cycle.
    /// </summary>
    public async Task PlayAsync(Action<ReplayTick>? onTick, CancellationToken ct)
    {
        var extraPolls = 0;
        var clipSearchPolls = (int)Math.Ceiling(Options.Clips.SearchAttempts * Options.Clips.AttemptInterval / _recording.PollInterval);
        var maxExtraPolls = Options.Polling.GracePolls + Options.Polling.ConfirmationPolls + Options.Polling.WithdrawalPolls + clipSearchPolls + 4;
        while (true)
        {
            var now = await TickAsync(onTick, ct);
            if (now >= _recording.LastPollAt)
            {
                var status = await ReplayRunner.AskStatusAsync(_poller, ct);
                if ((!status.Fixtures.Any(f => f.IsPolled) && status.OpenHunts == 0) || extraPolls >= maxExtraPolls) break;
                extraPolls++;
            }
        }
    }

    /// <summary>
    /// After the recording: one poll interval of virtual time every <paramref name="pace"/> of real time, until cancelled or
    /// until the node stops on its own (e.g. <c>footy cluster leave</c>).
    /// </summary>
    public async Task KeepPollingAsync(TimeSpan pace, CancellationToken ct)
    {
        _logger.Information("Recording {Recording} played to its end; the daemon keeps polling its last state every {Pace} (Ctrl-C to stop)",
            _recording.Name, pace);
        var stopping = Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        try
        {
            while (true)
            {
                await TickAsync(null, running.Token);
                await Task.Delay(pace, running.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            _logger.Information("The node is shutting down; polling stopped");
        }
    }

    public Task<MatchdaySummary> SummaryAsync(CancellationToken ct) =>
        MatchdaySummary.CollectAsync(ActorRegistry.For(Host.Services.GetRequiredService<ActorSystem>()), _askTimeout, ct);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private async Task<DateTimeOffset> TickAsync(Action<ReplayTick>? onTick, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = _next;
        _clock.Set(now);
        var wall = Stopwatch.StartNew();
        var done = await _poller.Ask<PollerCommands.TickDone>(new PollerCommands.Tick(now), _askTimeout, ct);
        var poll = ReplayRunner.PollNumber(_recording, now);
        Timing.Add(poll, now, wall.Elapsed, done.Report.Stages);
        if (done.Report.Error is { } error)
            _logger.Warning("Replay poll at {Now:u} did not complete: {Error}", now, error);
        onTick?.Invoke(new ReplayTick(now, poll, _recording.PollCount, done.Report));
        _next = now + _recording.PollInterval;
        return now;
    }
}
