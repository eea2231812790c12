using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.ApiFootball;
using Footy.Daemon.Clips;
using Footy.Daemon.Clustering;
using Footy.Daemon.Configuration;
using Footy.Discovery;
using Footy.Media;
using Footy.Storage;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Goals;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Sharding;
using Footy.Domain.Goals;
using Footy.Domain.Polling;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Footy.Daemon.Hosting;

/// <summary>
/// How this process runs the daemon: on the real clock (live) or on a replay's virtual clock, and whether every API
/// answer is also written to a recording (<c>footy record</c>).
/// </summary>
public sealed record DaemonRuntime(TimeProvider Time, IngestPlan Ingest, bool SelfTicking, RecordingWriter? Recorder = null)
{
    public static DaemonRuntime Live(RecordingWriter? recorder = null) => new(TimeProvider.System, IngestPlan.Live, true, recorder);
}

/// <summary>
/// Builds the daemon: one Akka.NET cluster node (a lone node joins itself) with the fixture and goal shards and the poller
/// singleton, plus the surfaces the caller composes beside it (the admin endpoint for <c>footy run</c>, none for a replay batch).
/// </summary>
public static class FootyHost
{
    public const string SystemName = "footy";
    public const string Role = "footy";

    /// <summary>Health-check tags: "live" checks answer /healthz (is the process worth keeping), "ready" ones /readyz (is the node doing its work).</summary>
    public const string LiveTag = "live", ReadyTag = "ready";

    public static IHost Build(FootyOptions options, DaemonRuntime runtime, Serilog.ILogger logger, params IReadOnlyList<IDaemonSurface> surfaces)
    {
        // A node that would keep its journal or clips to itself while other nodes share the work loses or doubles them.
        if (SettingsCheck.ImpossibleCombinations(options) is { Count: > 0 } impossible) throw new OptionsValidationException(impossible);
        JournalConfiguration.PrepareStorage(options);
        CrashLeftovers.SweepLocalClipStore(options, logger);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        // Under systemd (Type=notify, deploy/footy.service) it tells systemd when the node has started and is stopping; elsewhere a no-op.
        builder.Services.AddSystemd();
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(runtime.Time);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddFootyHttpClients(options);
        builder.Services.AddSingleton(sp => new ApiFootballClient(
            HttpClients.Create(sp, HttpClients.ApiFootball),
            options.ApiFootball,
            sp.GetRequiredService<ILogger<ApiFootballClient>>(),
            runtime.Time,
            runtime.Recorder));
        builder.Services.AddSingleton<PollCycle>();
        AddClipPipeline(builder.Services, options);
        builder.Services.AddReadModel(options);

        builder.Services.AddAkka(SystemName, (akka, sp) => ConfigureAkka(akka, sp, options, runtime));
        builder.Services.AddClusterFormation(options.Cluster);
        // After Akka, so a surface's hosted services start once the actor system is up.
        foreach (var surface in surfaces) surface.AddTo(builder.Services, options, runtime);
        return builder.Build();
    }

    /// <summary>The clip pipeline's parts: sources, downloader, probe, filter, fingerprints, store, and the node's media streams.</summary>
    private static void AddClipPipeline(IServiceCollection services, FootyOptions options)
    {
        var clips = options.Clips;
        var tools = new MediaToolsOptions { FfmpegPath = clips.FfmpegPath, FfprobePath = clips.FfprobePath, HashConcurrency = clips.HashParallelism };
        services.AddSingleton(sp => new TempFiles(clips.TempDirectory(options.DataDirectory), sp.GetRequiredService<ILogger<TempFiles>>()));
        services.AddSingleton(sp => ClipStoreFactory.Create(clips.Storage(options.DataDirectory), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IClipDownloader>(sp =>
        {
            IClipDownloader http = new XResolvingDownloader(
                new XSyndicationResolver(HttpClients.Create(sp, HttpClients.XSyndication), new XSyndicationOptions { MaxVideoBytes = clips.MaxClipBytes },
                    sp.GetRequiredService<ILogger<XSyndicationResolver>>()),
                new HttpClipDownloader(
                    new DownloadOptions { MaxBytes = clips.MaxClipBytes, AllowedHosts = clips.AllowedDownloadHosts.ToList() },
                    sp.GetRequiredService<ILogger<HttpClipDownloader>>()));
            if (string.IsNullOrWhiteSpace(clips.YtDlpPath)) return http;
            var ytDlp = new YtDlpDownloader(new YtDlpOptions
            {
                Path = clips.YtDlpPath,
                CookiesFile = string.IsNullOrWhiteSpace(clips.YtDlpCookiesFile) ? null : clips.YtDlpCookiesFile,
                MaxBytes = clips.MaxClipBytes,
            }, sp.GetRequiredService<ILogger<YtDlpDownloader>>());
            return new FallbackClipDownloader(http, ytDlp, sp.GetRequiredService<ILogger<FallbackClipDownloader>>());
        });
        services.AddSingleton(sp => new ClipProber(tools, sp.GetRequiredService<ILogger<ClipProber>>()));
        services.AddSingleton(sp => new VideoFingerprinter(tools, null, sp.GetRequiredService<ILogger<VideoFingerprinter>>()));
        services.AddSingleton(new Footy.Media.ClipFilter(new ClipFilterOptions(
            clips.MinShortEdge, clips.MinAspect, clips.MaxAspect, clips.MinDurationSeconds, clips.MaxDurationSeconds)));
        services.AddSingleton<IReadOnlyList<IClipSource>>(sp =>
        {
            var aliases = TeamAliases.From(clips.TeamAliases);
            var sources = new List<IClipSource>();
            if (!string.IsNullOrWhiteSpace(clips.SearchServiceUrl))
                sources.Add(new SearchServiceSource(HttpClients.Create(sp, HttpClients.SearchService), new SearchServiceOptions
                {
                    BaseUrl = new Uri(clips.SearchServiceUrl),
                    BearerToken = string.IsNullOrWhiteSpace(clips.SearchServiceToken) ? null : clips.SearchServiceToken,
                }, new GoalSearch(aliases), sp.GetRequiredService<ILogger<SearchServiceSource>>()));
            if (clips.RedditEnabled)
                sources.Add(new RedditSource(HttpClients.Create(sp, HttpClients.Reddit), new RedditOptions(), aliases, sp.GetRequiredService<ILogger<RedditSource>>()));
            return sources;
        });
        services.AddClipPipeline(clips);
    }

    private static void ConfigureAkka(AkkaConfigurationBuilder akka, IServiceProvider sp, FootyOptions options, DaemonRuntime runtime)
    {
        var rules = new ConfirmationRules(options.Polling.ConfirmationPolls, options.Polling.WithdrawalPolls);
        var snapshotEvery = options.Journal.SnapshotEvery;
        var goalSettings = new GoalSettings(rules, snapshotEvery, options.Clips.SearchAttempts, options.Clips.AttemptInterval, options.Cluster.PassivateSettledAfter);
        var goalTimeout = TimeSpan.FromSeconds(options.Polling.CycleTimeoutSeconds);
        var extractor = new EntityMessageExtractor(options.Cluster.Shards);
        var shardOptions = new ShardOptions
        {
            Role = Role,
            RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            StateStoreMode = StateStoreMode.DData,
        };

        akka.WithFootyPersistence(options)
            .AddHocon(JournalSerializer.Hocon(), HoconAddMode.Prepend)
            .AddHocon("""
                akka.cluster.sharding.distributed-data.durable.keys = []
                akka.cluster.distributed-data.durable.keys = []
                akka.cluster.singleton-proxy.singleton-identification-interval = 250ms
                # Akka.Hosting's proxy reports a missing singleton at start-up, long before the 30 s it claims.
                akka.cluster.singleton-proxy.log-singleton-identification-failure = false
                # A shard first loads its remembered entity ids from the journal. On a node whose journal connection is cold, or
                # a loaded host, that outlasts the 2-5 s defaults, and each timeout stops the shard for shard-failure-backoff
                # (10 s) while the poll waiting on its fixture or goal stalls (a 3-node replay lost a minute this way).
                akka.cluster.sharding.waiting-for-state-timeout = 20s
                akka.cluster.sharding.updating-state-timeout = 20s
                akka.cluster.sharding.shard-failure-backoff = 2s
                akka.coordinated-shutdown.exit-clr = off
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                """, HoconAddMode.Prepend)
            .WithFootyLogging()
            .AddStartup((system, _) => PersistenceWarmUp.Start(system))
            .WithFootyCluster(options.Cluster, Role)
            .WithActorSystemLivenessCheck(tags: [LiveTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadyTag])
            .AddGoalShard(sp, goalSettings, extractor, shardOptions)
            .AddLivePoller(sp, new RequestBudgetOptions(options.Budget.DailyRequests, options.Budget.RequestsPerMinute),
                runtime.Time, runtime.SelfTicking ? options.Polling.Interval : null, snapshotEvery, Role)
            .AddFixtureShard(options.Polling.GracePolls, snapshotEvery, goalTimeout, options.Cluster.PassivateSettledAfter, extractor, shardOptions)
            .AddReadModelProjection(sp, options.Polling.GracePolls, Role);
    }

    /// <summary>Waits until this node is an Up member of the cluster.</summary>
    public static async Task WaitForClusterUpAsync(ActorSystem system, TimeSpan timeout)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout);
    }
}
