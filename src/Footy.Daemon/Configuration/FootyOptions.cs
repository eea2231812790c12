using Footy.ApiFootball;

namespace Footy.Daemon.Configuration;

/// <summary>Every setting of the daemon, bound from appsettings.json, config files and FOOTY_ environment variables.</summary>
public sealed class FootyOptions
{
    public string DataDirectory { get; set; } = ".footy";
    public ApiFootballOptions ApiFootball { get; set; } = new();
    public BudgetOptions Budget { get; set; } = new();
    public TrackingOptions Tracking { get; set; } = new();
    public PollingOptions Polling { get; set; } = new();
    public JournalOptions Journal { get; set; } = new();
    public ClusterNodeOptions Cluster { get; set; } = new();
    public ClipsOptions Clips { get; set; } = new();
    public AdminOptions Admin { get; set; } = new();
    public RetentionOptions Retention { get; set; } = new();
    public WebOptions Web { get; set; } = new();
    public ReadModelOptions ReadModel { get; set; } = new();

    /// <summary>Checks every setting and throws <see cref="OptionsValidationException"/> naming each bad one.</summary>
    public void Validate(bool requireApiKey)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory)) problems.Add("DataDirectory must not be empty");
        if (requireApiKey && string.IsNullOrWhiteSpace(ApiFootball.ApiKey))
            problems.Add("ApiFootball:ApiKey is not set: set the environment variable FOOTY_ApiFootball__ApiKey to your API-Football key (or try `./footy demo`, which needs no key)");
        try { ApiFootball.Validate(); } catch (ArgumentException e) { problems.Add(e.Message); }
        Budget.Collect(problems);
        Tracking.Collect(problems);
        Polling.Collect(problems);
        Journal.Collect(problems);
        Cluster.Collect(problems);
        Clips.Collect(problems, DataDirectory);
        Admin.Collect(problems);
        Retention.Collect(problems);
        Web.Collect(problems);
        ReadModel.Collect(problems);
        if (problems.Count > 0) throw new OptionsValidationException(problems);
    }
}

public sealed class OptionsValidationException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration:\n  - " + string.Join("\n  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

public sealed class BudgetOptions
{
    /// <summary>Requests per UTC day allowed by the API-Football plan (free plan: 100).</summary>
    public int DailyRequests { get; set; } = 100;
    public int RequestsPerMinute { get; set; } = 10;

    internal void Collect(List<string> problems)
    {
        if (DailyRequests < 1) problems.Add("Budget:DailyRequests must be at least 1");
        if (RequestsPerMinute < 1) problems.Add("Budget:RequestsPerMinute must be at least 1");
    }
}

public sealed class TrackingOptions
{
    /// <summary>League ids to track; empty together with an empty Teams list means every fixture.</summary>
    public List<long> Leagues { get; set; } = [1, 4, 39, 61, 78, 135, 140];
    public List<long> Teams { get; set; } = [];
    /// <summary>Wall-clock UTC time of the daily fixture ingest.</summary>
    public string IngestTimeUtc { get; set; } = "00:05";
    public int DaysAhead { get; set; } = 2;
    public int ActivationLeadMinutes { get; set; } = 30;

    public TimeOnly IngestTime => TimeOnly.ParseExact(IngestTimeUtc, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public bool IsTracked(long leagueId, long homeTeamId, long awayTeamId) =>
        (Leagues.Count == 0 && Teams.Count == 0)
        || Leagues.Contains(leagueId) || Teams.Contains(homeTeamId) || Teams.Contains(awayTeamId);

    internal void Collect(List<string> problems)
    {
        if (!TimeOnly.TryParseExact(IngestTimeUtc, "HH:mm", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out _))
            problems.Add($"Tracking:IngestTimeUtc must be HH:mm (24 h, UTC), got '{IngestTimeUtc}'");
        if (DaysAhead is < 0 or > 14) problems.Add("Tracking:DaysAhead must be between 0 and 14");
        if (ActivationLeadMinutes is < 0 or > 240) problems.Add("Tracking:ActivationLeadMinutes must be between 0 and 240");
    }
}

public sealed class PollingOptions
{
    public int IntervalSeconds { get; set; } = 30;
    /// <summary>Polls a goal must be seen in before it is confirmed.</summary>
    public int ConfirmationPolls { get; set; } = 3;
    /// <summary>Polls a goal must be missing from before it is withdrawn (VAR).</summary>
    public int WithdrawalPolls { get; set; } = 3;
    /// <summary>Seconds the poller waits for the actors of one poll cycle before moving on.</summary>
    public int CycleTimeoutSeconds { get; set; } = 60;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>Polls a finished fixture keeps being polled so late goal changes settle.</summary>
    public int GracePolls => Math.Max(ConfirmationPolls, WithdrawalPolls);

    internal void Collect(List<string> problems)
    {
        if (IntervalSeconds is < 1 or > 3600) problems.Add("Polling:IntervalSeconds must be between 1 and 3600");
        if (ConfirmationPolls is < 1 or > 20) problems.Add("Polling:ConfirmationPolls must be between 1 and 20");
        if (WithdrawalPolls is < 1 or > 20) problems.Add("Polling:WithdrawalPolls must be between 1 and 20");
        if (CycleTimeoutSeconds is < 1 or > 600) problems.Add("Polling:CycleTimeoutSeconds must be between 1 and 600");
    }
}

public enum JournalProvider { Sqlite, PostgreSql }

public sealed class JournalOptions
{
    public JournalProvider Provider { get; set; } = JournalProvider.Sqlite;
    /// <summary>PostgreSQL connection string; for SQLite the journal lives in the data directory unless set.</summary>
    public string? ConnectionString { get; set; }
    public int SnapshotEvery { get; set; } = 50;

    internal void Collect(List<string> problems)
    {
        if (Provider == JournalProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            problems.Add("Journal:ConnectionString is required when Journal:Provider is PostgreSql");
        if (SnapshotEvery is < 1 or > 10_000) problems.Add("Journal:SnapshotEvery must be between 1 and 10000");
    }
}

public sealed class ClusterNodeOptions
{
    public string Hostname { get; set; } = "127.0.0.1";
    /// <summary>Akka.Remote port; 0 picks a free one (a single node joins itself).</summary>
    public int Port { get; set; } = 8110;
    public List<string> SeedNodes { get; set; } = [];
    /// <summary>
    /// How nodes find each other: <see cref="ClusterDiscovery.None"/> joins <see cref="SeedNodes"/> (or itself when there are none);
    /// <see cref="ClusterDiscovery.Config"/> and <see cref="ClusterDiscovery.Kubernetes"/> form the cluster by Akka.Management Cluster Bootstrap.
    /// </summary>
    public ClusterDiscovery Discovery { get; set; } = ClusterDiscovery.None;
    /// <summary>The service the nodes look each other up by (the Kubernetes pod label value with the default selector).</summary>
    public string ServiceName { get; set; } = "footy";
    /// <summary>Port of Akka.Management's HTTP endpoint, which Cluster Bootstrap probes on every contact point.</summary>
    public int ManagementPort { get; set; } = 8558;
    /// <summary>Contact points discovered before a new cluster forms; never 1, or two halves could each form their own.</summary>
    public int RequiredContactPoints { get; set; } = 2;
    /// <summary>With config discovery: every node's "host:managementPort", this node's included.</summary>
    public List<string> ContactPoints { get; set; } = [];
    /// <summary>With Kubernetes discovery: the pods of the cluster; {0} is <see cref="ServiceName"/>.</summary>
    public string KubernetesPodLabelSelector { get; set; } = "app={0}";
    /// <summary>Shards per entity type: about ten times the most nodes ever run, and never changed afterwards.</summary>
    public int Shards { get; set; } = 100;
    /// <summary>
    /// A settled goal or a finished fixture leaves memory (and the remembered entities) after this long without a message;
    /// it comes back from the journal when asked.
    /// </summary>
    public int PassivateSettledAfterSeconds { get; set; } = 30;

    public TimeSpan PassivateSettledAfter => TimeSpan.FromSeconds(PassivateSettledAfterSeconds);

    internal void Collect(List<string> problems)
    {
        if (Port is < 0 or > 65535) problems.Add("Cluster:Port must be between 0 and 65535");
        if (Shards is < 1 or > 10_000) problems.Add("Cluster:Shards must be between 1 and 10000");
        if (PassivateSettledAfterSeconds < 1) problems.Add("Cluster:PassivateSettledAfterSeconds must be at least 1");
        foreach (var seed in SeedNodes)
            if (!seed.StartsWith("akka.tcp://", StringComparison.Ordinal))
                problems.Add($"Cluster:SeedNodes entry '{seed}' must look like akka.tcp://footy@host:port");
        if (ManagementPort is < 0 or > 65535) problems.Add("Cluster:ManagementPort must be between 0 and 65535");
        if (Discovery == ClusterDiscovery.None) return;
        if (SeedNodes.Count > 0)
            problems.Add($"Cluster:SeedNodes and Cluster:Discovery {Discovery} both say how to form the cluster: set only one (discovery replaces seed nodes)");
        if (string.IsNullOrWhiteSpace(ServiceName)) problems.Add("Cluster:ServiceName must not be empty with Cluster:Discovery");
        if (RequiredContactPoints < 2)
            problems.Add("Cluster:RequiredContactPoints must be at least 2 with Cluster:Discovery: with 1, nodes that cannot yet see each other each form a cluster of their own");
        if (Discovery == ClusterDiscovery.Config)
        {
            if (ContactPoints.Count < RequiredContactPoints)
                problems.Add($"Cluster:Discovery Config needs Cluster:ContactPoints to list every node's host:managementPort (at least Cluster:RequiredContactPoints = {RequiredContactPoints}), not {ContactPoints.Count}");
            foreach (var point in ContactPoints)
                if (!ContactPoint.TryParse(point, out _))
                    problems.Add($"Cluster:ContactPoints entry '{point}' must look like host:managementPort");
        }
        if (Discovery == ClusterDiscovery.Kubernetes && !KubernetesPodLabelSelector.Contains('='))
            problems.Add($"Cluster:KubernetesPodLabelSelector '{KubernetesPodLabelSelector}' must be a label selector such as app={{0}}");
    }
}

/// <summary>How the nodes of a cluster find each other (<see cref="ClusterNodeOptions.Discovery"/>).</summary>
public enum ClusterDiscovery { None, Config, Kubernetes }

/// <summary>A node's Akka.Management endpoint as config discovery lists it.</summary>
public readonly record struct ContactPoint(string Host, int Port)
{
    public static bool TryParse(string text, out ContactPoint point)
    {
        point = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535) return false;
        point = new ContactPoint(text[..colon], port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>The clip pipeline: how a confirmed goal's clips are searched, downloaded, checked, deduplicated and stored.</summary>
public sealed class ClipsOptions
{
    /// <summary>Search attempts per confirmed goal, one every <see cref="AttemptIntervalSeconds"/>.</summary>
    public int SearchAttempts { get; set; } = 10;
    public int AttemptIntervalSeconds { get; set; } = 60;
    /// <summary>Posts taken from one search attempt (all sources together).</summary>
    public int MaxCandidatesPerAttempt { get; set; } = 10;
    /// <summary>Distinct clips kept per goal at most.</summary>
    public int MaxClipsPerGoal { get; set; } = 10;
    public int DownloadParallelism { get; set; } = 4;
    /// <summary>Clips probed and hashed at once on this node; at most the number of cores.</summary>
    public int HashParallelism { get; set; } = Environment.ProcessorCount;
    public int UploadParallelism { get; set; } = 2;
    /// <summary>Clips waiting for the node's media pipeline; a full queue slows the goal actors down.</summary>
    public int QueueCapacity { get; set; } = 16;
    /// <summary>
    /// Free bytes the disk of the data directory must keep: below it no new clip download starts (the goals' attempts
    /// wait) until space is freed. Read at every check, so lowering it on the running options object takes effect at once.
    /// </summary>
    public long MinFreeDiskBytes { get; set; } = 512L * 1024 * 1024;
    /// <summary>
    /// How long an upload waits for an unavailable store (retrying with backoff up to a minute apart) before its attempt
    /// fails and runs again at the goal's next tick.
    /// </summary>
    public int StorageOutageWaitSeconds { get; set; } = 300;
    /// <summary>Base URL of a search service (docs/search-service.md); empty: no search-service source.</summary>
    public string SearchServiceUrl { get; set; } = "";
    public string SearchServiceToken { get; set; } = "";
    /// <summary>Also search r/soccer's new posts (titles like "Arsenal [2] - 1 Chelsea - Bukayo Saka 67'").</summary>
    public bool RedditEnabled { get; set; }
    /// <summary>yt-dlp as the fallback downloader for post pages (empty: no fallback); Debian's build is too old for x.com.</summary>
    public string YtDlpPath { get; set; } = "";
    /// <summary>Cookie file for yt-dlp (its only way to log in); never logged.</summary>
    public string YtDlpCookiesFile { get; set; } = "";
    /// <summary>Other names of teams used in search queries and titles, e.g. "Manchester United": ["Man Utd", "MUFC"].</summary>
    public Dictionary<string, List<string>> TeamAliases { get; set; } = [];
    /// <summary>Hosts or CIDRs the downloader may fetch from although they are private or loopback.</summary>
    public List<string> AllowedDownloadHosts { get; set; } = [];
    public long MaxClipBytes { get; set; } = 100L * 1024 * 1024;
    public string FfmpegPath { get; set; } = "ffmpeg";
    public string FfprobePath { get; set; } = "ffprobe";
    public int MinShortEdge { get; set; } = 600;
    public double MinAspect { get; set; } = 1.75;
    public double MaxAspect { get; set; } = 1.82;
    public double MinDurationSeconds { get; set; } = 3;
    public double MaxDurationSeconds { get; set; } = 90;
    /// <summary><c>filesystem</c> (under the data directory unless <see cref="StorageRoot"/> is set) or <c>s3</c>.</summary>
    public string StorageKind { get; set; } = "filesystem";
    public string StorageRoot { get; set; } = "";
    public string S3Endpoint { get; set; } = "";
    public string S3AccessKey { get; set; } = "";
    public string S3SecretKey { get; set; } = "";
    public string S3Bucket { get; set; } = "footy-videos";
    public bool S3UseSsl { get; set; }

    public TimeSpan AttemptInterval => TimeSpan.FromSeconds(AttemptIntervalSeconds);

    public TimeSpan StorageOutageWait => TimeSpan.FromSeconds(StorageOutageWaitSeconds);

    public Footy.Storage.StorageOptions Storage(string dataDirectory) => new(
        Kind: StorageKind,
        Root: string.IsNullOrWhiteSpace(StorageRoot) ? Path.Combine(Path.GetFullPath(dataDirectory), "clips") : StorageRoot,
        Endpoint: S3Endpoint, AccessKey: S3AccessKey, SecretKey: S3SecretKey, Bucket: S3Bucket, UseSsl: S3UseSsl);

    public string TempDirectory(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "tmp");

    internal void Collect(List<string> problems, string dataDirectory)
    {
        if (SearchAttempts is < 1 or > 100) problems.Add("Clips:SearchAttempts must be between 1 and 100");
        if (AttemptIntervalSeconds is < 1 or > 3600) problems.Add("Clips:AttemptIntervalSeconds must be between 1 and 3600");
        if (MaxCandidatesPerAttempt is < 1 or > 100) problems.Add("Clips:MaxCandidatesPerAttempt must be between 1 and 100");
        if (MaxClipsPerGoal is < 1 or > 100) problems.Add("Clips:MaxClipsPerGoal must be between 1 and 100");
        if (DownloadParallelism is < 1 or > 64) problems.Add("Clips:DownloadParallelism must be between 1 and 64");
        if (HashParallelism < 1 || HashParallelism > Environment.ProcessorCount)
            problems.Add($"Clips:HashParallelism must be between 1 and the number of cores ({Environment.ProcessorCount})");
        if (UploadParallelism is < 1 or > 64) problems.Add("Clips:UploadParallelism must be between 1 and 64");
        if (QueueCapacity is < 1 or > 10_000) problems.Add("Clips:QueueCapacity must be between 1 and 10000");
        if (MaxClipBytes < 1024) problems.Add("Clips:MaxClipBytes must be at least 1024");
        if (MinFreeDiskBytes < 0) problems.Add("Clips:MinFreeDiskBytes must not be negative");
        if (StorageOutageWaitSeconds is < 0 or > 3600) problems.Add("Clips:StorageOutageWaitSeconds must be between 0 and 3600");
        if (!string.IsNullOrWhiteSpace(SearchServiceUrl) && !Uri.TryCreate(SearchServiceUrl, UriKind.Absolute, out _))
            problems.Add($"Clips:SearchServiceUrl '{SearchServiceUrl}' is not an absolute URL");
        if (MinAspect <= 0 || MaxAspect < MinAspect) problems.Add("Clips:MinAspect and Clips:MaxAspect must satisfy 0 < MinAspect <= MaxAspect");
        if (MinDurationSeconds < 0 || MaxDurationSeconds <= MinDurationSeconds) problems.Add("Clips:MinDurationSeconds must be below Clips:MaxDurationSeconds");
        foreach (var problem in Storage(string.IsNullOrWhiteSpace(dataDirectory) ? "." : dataDirectory).Problems())
            problems.Add("Clips:Storage: " + problem);
    }
}

/// <summary>The admin endpoint that the <c>footy</c> CLI, health checks and Prometheus talk to.</summary>
public sealed class AdminOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Address to listen on; anything but loopback requires <see cref="Token"/>.</summary>
    public string Address { get; set; } = "127.0.0.1";
    /// <summary>0 picks a free port; the bound address is written to <c>{DataDirectory}/admin.endpoint</c> for the CLI.</summary>
    public int Port { get; set; } = 9110;
    /// <summary>Bearer token every request must carry when set; never logged.</summary>
    public string Token { get; set; } = "";
    /// <summary>Log lines kept in memory for <c>footy log peek/tail</c>.</summary>
    public int LogRingSize { get; set; } = 2000;
    /// <summary>The poller is stale (and /readyz fails) when it has not completed a cycle for this long.</summary>
    public int StaleAfterSeconds { get; set; } = 300;
    /// <summary>Optional URL that gets a JSON POST when the daemon turns stale or API-Football starts failing, and when it recovers; empty: log only.</summary>
    public string AlertWebhookUrl { get; set; } = "";
    /// <summary>Seconds between two health checks of the alert watchdog.</summary>
    public int AlertCheckSeconds { get; set; } = 30;

    public bool IsLoopback => Address is "localhost" || (System.Net.IPAddress.TryParse(Address, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    internal void Collect(List<string> problems)
    {
        if (!Enabled) return;
        if (Port is < 0 or > 65535) problems.Add("Admin:Port must be between 0 and 65535");
        if (Address != "localhost" && !System.Net.IPAddress.TryParse(Address, out _))
            problems.Add($"Admin:Address '{Address}' must be an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
        else if (!IsLoopback && string.IsNullOrWhiteSpace(Token))
            problems.Add($"Admin:Token is required when the admin endpoint listens on {Address}, which is not loopback: set FOOTY_Admin__Token");
        if (LogRingSize is < 10 or > 100_000) problems.Add("Admin:LogRingSize must be between 10 and 100000");
        if (StaleAfterSeconds is < 10 or > 86_400) problems.Add("Admin:StaleAfterSeconds must be between 10 and 86400");
        if (AlertCheckSeconds is < 1 or > 3600) problems.Add("Admin:AlertCheckSeconds must be between 1 and 3600");
        if (!string.IsNullOrWhiteSpace(AlertWebhookUrl)
            && (!Uri.TryCreate(AlertWebhookUrl, UriKind.Absolute, out var hook) || hook.Scheme is not ("http" or "https")))
            problems.Add("Admin:AlertWebhookUrl must be an absolute http(s) URL");
    }
}

/// <summary>The public goals page and its JSON API: read-only, on its own endpoint, apart from the admin endpoint.</summary>
public sealed class WebOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Address to listen on, e.g. 0.0.0.0 to serve the page to the local network.</summary>
    public string Address { get; set; } = "127.0.0.1";
    /// <summary>0 picks a free port; the bound address is written to <c>{DataDirectory}/web.endpoint</c>.</summary>
    public int Port { get; set; } = 8080;
    /// <summary>Pages kept up to date at once (Server-Sent Events); one more is refused with 503 until one closes.</summary>
    public int MaxLivePages { get; set; } = 200;

    internal void Collect(List<string> problems)
    {
        if (!Enabled) return;
        if (Port is < 0 or > 65535) problems.Add("Web:Port must be between 0 and 65535");
        if (Address != "localhost" && !System.Net.IPAddress.TryParse(Address, out _))
            problems.Add($"Web:Address '{Address}' must be an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
        if (MaxLivePages is < 1 or > 100_000) problems.Add("Web:MaxLivePages must be between 1 and 100000");
    }
}

/// <summary>How long finished fixtures, their goals' records and their clips are kept.</summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// Days after kickoff a finished fixture leaves the poller; with <see cref="DeleteClips"/> it is purged then (events,
    /// snapshots, goals, stored clips). 0 keeps every fixture tracked forever.
    /// </summary>
    public int Days { get; set; } = 30;

    /// <summary>
    /// Whether retention purges: deletes a fixture's goals' stored clips and every record of them. Off by default, since
    /// the product keeps its goals: deleting published clips must be asked for.
    /// </summary>
    public bool DeleteClips { get; set; }

    public TimeSpan? KeepFor => Days == 0 ? null : TimeSpan.FromDays(Days);

    /// <summary>Whether a finished fixture that kicked off at <paramref name="kickoff"/> is past retention at <paramref name="now"/>.</summary>
    public bool IsPast(DateTimeOffset kickoff, DateTimeOffset now) => KeepFor is { } keepFor && now - kickoff > keepFor;

    internal void Collect(List<string> problems)
    {
        if (Days is < 0 or > 3650) problems.Add("Retention:Days must be between 0 (keep forever) and 3650");
    }
}

public enum ReadModelProvider { Sqlite, PostgreSql, MongoDb }

/// <summary>Where the read model websites read is kept (docs/read-model.md), and how far behind the journal it may fall.</summary>
public sealed class ReadModelOptions
{
    /// <summary>Sqlite: a file in the data directory (one node); PostgreSql: every node and any website read one database; MongoDb.</summary>
    public ReadModelProvider Provider { get; set; } = ReadModelProvider.Sqlite;

    /// <summary>For SQLite <c>&lt;data&gt;/readmodel.db</c> unless set; required for PostgreSQL and MongoDB.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The MongoDB database holding the <c>fixtures</c> and <c>projection_positions</c> collections.</summary>
    public string Database { get; set; } = "footy";

    /// <summary>The node is not ready while the read model is more journal events than this behind (counted up to 10 000).</summary>
    public int MaxLagEvents { get; set; } = 2_000;

    /// <summary>The node is not ready while the oldest event the read model has not applied was written longer ago than this.</summary>
    public int MaxLagSeconds { get; set; } = 120;

    internal void Collect(List<string> problems)
    {
        if (Provider != ReadModelProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString))
            problems.Add($"ReadModel:ConnectionString is required when ReadModel:Provider is {Provider}");
        if (Provider == ReadModelProvider.MongoDb && string.IsNullOrWhiteSpace(Database))
            problems.Add("ReadModel:Database must name the MongoDB database");
        if (MaxLagEvents is < 1 or > 10_000) problems.Add("ReadModel:MaxLagEvents must be between 1 and 10000");
        if (MaxLagSeconds is < 1 or > 86_400) problems.Add("ReadModel:MaxLagSeconds must be between 1 and 86400");
    }
}
