using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Storage;
using Footy.Storage.Tests.Support;
using Serilog;
using Xunit.Abstractions;

namespace Footy.Cluster.Tests.Support;

/// <summary>One multi-node replay's end state and its bucket's directory on the S3 server, beside the one-node replay of the same recording.</summary>
public sealed record ClusterRun(string Name, ClusterReplayOutcome Outcome, string BucketDirectory, ReplayOutcome OneNode);

/// <summary>
/// A real PostgreSQL server and a real S3 server (s3rver) for several multi-node replays, which may run at the same time:
/// each replay gets its own database, bucket, data directory and ports, and its settings reach its nodes through
/// <see cref="ClusterReplaySettings.NodeEnvironment"/>, never through this process's environment.
/// </summary>
public sealed class ClusterHarness : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private S3rverServer _s3 = null!;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "footy-cluster-test-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Dictionary<string, Task<ReplayOutcome>> _oneNode = [];
    private int _runs;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _s3 = await S3rverServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// The recording replayed on one node (in this process, SQLite journal, filesystem clip store), once per recording:
    /// the summary and the API call count a cluster must match. The same upstream faults apply to both.
    /// </summary>
    public Task<ReplayOutcome> OneNodeAsync(string recordingDirectory, Footy.Recordings.IServedFaults? upstreamFaults, ITestOutputHelper output)
    {
        lock (_oneNode)
        {
            if (!_oneNode.TryGetValue(recordingDirectory, out var run))
            {
                var options = new FootyOptions { DataDirectory = Path.Combine(_root, "one-node-" + _oneNode.Count) };
                run = ReplayRunner.RunAsync(recordingDirectory, options, new ReplaySettings(Faults: upstreamFaults), Logger(output, "one-node"));
                _oneNode[recordingDirectory] = run;
            }
            return run;
        }
    }

    /// <summary>Replays <paramref name="recordingDirectory"/> on <paramref name="nodes"/> node processes with these faults.</summary>
    public async Task<ClusterRun> RunAsync(string name, string recordingDirectory, int nodes, IReadOnlyList<NodeFault> faults, ITestOutputHelper output,
        IReadOnlyDictionary<string, string>? settings = null, Func<IReadOnlyList<ReplayNodeProcess>, CancellationToken, Task>? inspect = null,
        Footy.Recordings.IServedFaults? upstreamFaults = null)
    {
        var oneNode = OneNodeAsync(recordingDirectory, upstreamFaults, output);
        var number = Interlocked.Increment(ref _runs);
        var database = $"footy{number}";
        var bucket = $"clips-{number}";
        await _postgres.CreateDatabaseAsync(database);
        var journal = _postgres.ConnectionString(database);
        var options = new FootyOptions
        {
            DataDirectory = Path.Combine(_root, $"run-{number}"),
            Journal = new JournalOptions { Provider = JournalProvider.PostgreSql, ConnectionString = journal },
        };
        options.Clips.StorageKind = StorageOptions.S3Kind;
        var environment = new Dictionary<string, string>
        {
            ["FOOTY_Journal__Provider"] = nameof(JournalProvider.PostgreSql),
            ["FOOTY_Journal__ConnectionString"] = journal,
            ["FOOTY_Clips__StorageKind"] = StorageOptions.S3Kind,
            ["FOOTY_Clips__S3Endpoint"] = _s3.Endpoint,
            ["FOOTY_Clips__S3AccessKey"] = S3rverServer.AccessKey,
            ["FOOTY_Clips__S3SecretKey"] = S3rverServer.SecretKey,
            ["FOOTY_Clips__S3Bucket"] = bucket,
            // A poll cut short by a node's death is asked again once its fixture or goals time out: keep that short.
            ["FOOTY_Polling__CycleTimeoutSeconds"] = "15",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var program = new NodeProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay-node"]);
        using var log = Logger(output, name);

        var outcome = await ClusterReplay.RunAsync(recordingDirectory, options,
            new ClusterReplaySettings(nodes, faults, TimeSpan.FromSeconds(5), new ReplaySettings(Faults: upstreamFaults), environment),
            program, [], log, inspect: inspect);

        output.WriteLine($"[{name}] wall time {outcome.WallTime.TotalSeconds:0.0} s, {outcome.Requests.Count} API requests");
        foreach (var line in outcome.FaultLog) output.WriteLine($"[{name}] {line}");
        foreach (var (node, hosted) in outcome.Hosted)
            output.WriteLine($"[{name}] node {node} hosted fixtures [{string.Join(",", hosted.Fixtures)}] goals [{string.Join(",", hosted.Goals)}]");
        return new ClusterRun(name, outcome, Path.Combine(_s3.Directory, bucket), await oneNode);
    }

    private static Serilog.Core.Logger Logger(ITestOutputHelper output, string name) =>
        new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new OutputSink(output, name)).CreateLogger();

    private sealed class OutputSink(ITestOutputHelper output, string name) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent e)
        {
            if (e.Level < Serilog.Events.LogEventLevel.Warning && name == "one-node") return;
            try { output.WriteLine($"{e.Timestamp:HH:mm:ss.fff} [{name}] [{e.Level}] {e.RenderMessage()}"); }
            catch (InvalidOperationException) { }
        }
    }
}
