using System.Diagnostics;
using Footy.Daemon.Configuration;
using Footy.Daemon.Summary;
using Footy.Recordings;
using Serilog.Extensions.Logging;
using static Footy.Daemon.Replay.ReplayNodeApi;

namespace Footy.Daemon.Replay;

/// <summary>
/// <c>footy replay --nodes N</c>: <see cref="Nodes"/> nodes, each its own OS process (<see cref="ReplayNode"/>), forming one
/// cluster on loopback. <see cref="Faults"/> take nodes down during given polls; each is started again on its address after
/// <see cref="RestartAfter"/> (null: never). <see cref="NodeEnvironment"/> is added to every node's environment (settings of
/// this run only, where the coordinator's own FOOTY_ variables would be shared by every run of the process).
/// </summary>
public sealed record ClusterReplaySettings(int Nodes, IReadOnlyList<NodeFault> Faults, TimeSpan? RestartAfter, ReplaySettings Replay,
    IReadOnlyDictionary<string, string>? NodeEnvironment = null);

/// <summary>The fixtures and goals a node's shard regions were seen hosting during a multi-node replay.</summary>
public sealed record HostedEntities(IReadOnlySet<string> Fixtures, IReadOnlySet<string> Goals);

/// <summary>
/// What a multi-node replay published (the same summary as a one-node replay), every API-Football request the recording
/// server answered, what each fault did and when (<see cref="FaultLog"/>), and where entities lived.
/// </summary>
public sealed record ClusterReplayOutcome(
    MatchdaySummary Summary,
    IReadOnlyList<ServedRequest> Requests,
    IReadOnlyList<string> FaultLog,
    IReadOnlyDictionary<int, HostedEntities> Hosted,
    TimeSpan WallTime);

/// <summary>
/// Drives a replay on several node processes. This process hosts the one recording server every node talks to and owns
/// the virtual clock: for each poll it sets every node's clock to the poll's time and sends the tick to the node hosting the
/// poller singleton (any live node's poller proxy would hand it on, at the cost of a remote hop). After a node is lost the next tick
/// waits until the cluster has settled (the dead node downed, the singleton and shards re-homed); a poll cut off by a node's
/// death is asked again, and the poller skips a poll it had already completed, so no poll is made twice.
/// </summary>
public static class ClusterReplay
{
    /// <summary>A fault lands this long after its poll's tick was sent: during the poll, while clips are being fetched and hashed.</summary>
    public static readonly TimeSpan FaultDelay = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan FormationTimeout = TimeSpan.FromMinutes(2);
    /// <summary>How many times the nodes are started when one of them finds a port taken before the cluster forms.</summary>
    private const int FormationAttempts = 3;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);
    /// <summary>
    /// How long one poll may take across node losses. A poll cut off by a node's death keeps its cycle running on the poller
    /// until the fixtures and goals it waits for, restarted elsewhere, have answered: meanwhile the poll is asked again only
    /// to hear "a cycle is already running", however many times that takes.
    /// </summary>
    private static readonly TimeSpan PollPatience = TimeSpan.FromMinutes(5);

    /// <summary>Every this many polls (and after every fault) the coordinator reads each node's view, and so where entities live.</summary>
    private const int HostingSampleEvery = 10;

    /// <summary>What a node cluster replay needs that a one-node replay does not; empty when it can run.</summary>
    public static IReadOnlyList<string> Problems(FootyOptions options, int nodes)
    {
        var problems = new List<string>();
        if (nodes < 2) problems.Add($"--nodes {nodes}: a cluster replay needs at least 2 nodes (without --nodes a replay runs on one)");
        if (options.Journal.Provider != JournalProvider.PostgreSql)
            problems.Add("--nodes needs a journal the nodes share: set FOOTY_Journal__Provider=PostgreSql and FOOTY_Journal__ConnectionString");
        if (!string.Equals(options.Clips.StorageKind, "s3", StringComparison.OrdinalIgnoreCase))
            problems.Add("--nodes needs a clip store the nodes share: set FOOTY_Clips__StorageKind=s3 with FOOTY_Clips__S3Endpoint, FOOTY_Clips__S3AccessKey, FOOTY_Clips__S3SecretKey (and FOOTY_Clips__S3Bucket)");
        return problems;
    }

    /// <param name="inspect">Called once the replay is over, before the nodes stop, with the running nodes (e.g. to ask each
    /// node's admin endpoint).</param>
    public static async Task<ClusterReplayOutcome> RunAsync(string recordingDirectory, FootyOptions options, ClusterReplaySettings settings,
        NodeProgram program, IReadOnlyList<string> nodeArguments, Serilog.ILogger logger, Action<ReplayTick>? onTick = null,
        Func<IReadOnlyList<ReplayNodeProcess>, CancellationToken, Task>? inspect = null, CancellationToken ct = default)
    {
        if (Problems(options, settings.Nodes) is { Count: > 0 } problems) throw new OptionsValidationException(problems);
        var wall = Stopwatch.StartNew();
        var recording = Recording.Load(recordingDirectory);
        var clock = new ReplayClock(recording.Start);
        using var loggerFactory = new SerilogLoggerFactory(logger);
        await using var server = await RecordingServer.StartAsync(recording, clock.GetUtcNow, loggerFactory.CreateLogger("Footy.Replay.Server"), settings.Replay.Faults, ct);
        Directory.CreateDirectory(options.DataDirectory);
        for (var attempt = 1; ; attempt++)
        {
            // Held until the nodes have stopped: a node restarted by a fault comes back on its own ports.
            using var ports = PortReservation.Take(settings.Nodes * 4);
            var nodes = CreateNodes(recordingDirectory, options, settings, program, nodeArguments, server.BaseUrl, ports.Ports);
            var run = new Run(recording, options, settings, nodes, logger, clock);
            try
            {
                foreach (var node in nodes) node.Start();
                logger.Information("Replay of {Recording} on {Nodes} nodes: {Addresses}; their logs in {Data}",
                    recording.Name, nodes.Count, string.Join(", ", nodes.Select(n => n.Address)), Path.GetFullPath(options.DataDirectory));
                try
                {
                    await run.WaitForFormationAsync(ct);
                }
                catch (PortTakenException e) when (attempt < FormationAttempts)
                {
                    // The nodes' ports are chosen free, then bound by the node processes: a process outside every reservation
                    // (one binding a fixed port) can take one between.
                    // Nothing has been polled or written before the cluster forms, so the nodes start again on fresh ports.
                    logger.Warning("{Problem}; the {Nodes} nodes start again on fresh ports (attempt {Next} of {Attempts})",
                        e.Message, nodes.Count, attempt + 1, FormationAttempts);
                    continue;
                }
                await run.PlayAsync(onTick, ct);
                var summary = await run.SummaryAsync(ct);
                wall.Stop();
                if (inspect is not null) await inspect(nodes.Where(n => n.IsRunning).ToList(), ct);
                return new ClusterReplayOutcome(summary, server.RequestLog, run.FaultLog, run.Hosted(), wall.Elapsed);
            }
            finally
            {
                await Task.WhenAll(nodes.Select(n => n.StopAsync(StopGrace)));
                foreach (var node in nodes) node.Dispose();
            }
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    private static List<ReplayNodeProcess> CreateNodes(string recordingDirectory, FootyOptions options, ClusterReplaySettings settings,
        NodeProgram program, IReadOnlyList<string> nodeArguments, Uri server, IReadOnlyList<int> reserved)
    {
        var ports = reserved.Chunk(4).Select(p => (Remoting: p[0], Management: p[1], Control: p[2], Admin: p[3])).ToList();
        // The nodes form their cluster as a deployment does: Cluster Bootstrap over config discovery, each node's contact
        // point on its own loopback management port, none forming a cluster until all of them answer.
        var environment = new Dictionary<string, string>(settings.NodeEnvironment ?? new Dictionary<string, string>())
        {
            ["FOOTY_Cluster__Discovery"] = nameof(ClusterDiscovery.Config),
            ["FOOTY_Cluster__Hostname"] = "127.0.0.1",
            ["FOOTY_Admin__Address"] = "127.0.0.1",
            ["FOOTY_Cluster__RequiredContactPoints"] = settings.Nodes.ToString(),
        };
        for (var i = 0; i < ports.Count; i++) environment[$"FOOTY_Cluster__ContactPoints__{i}"] = $"127.0.0.1:{ports[i].Management}";
        // The nodes share one read model; unless one is named, it lives in the journal's PostgreSQL database.
        if (options.ReadModel.Provider == ReadModelProvider.Sqlite)
        {
            environment["FOOTY_ReadModel__Provider"] = nameof(ReadModelProvider.PostgreSql);
            environment["FOOTY_ReadModel__ConnectionString"] = options.Journal.ConnectionString ?? "";
        }
        return ports.Select((p, i) =>
        {
            var data = Path.Combine(Path.GetFullPath(options.DataDirectory), $"node-{i + 1}");
            var own = new Dictionary<string, string>(environment)
            {
                ["FOOTY_Cluster__Port"] = p.Remoting.ToString(),
                ["FOOTY_Cluster__ManagementPort"] = p.Management.ToString(),
            };
            var arguments = new List<string> { recordingDirectory, "--server", server.ToString(), "--control-port", p.Control.ToString(), "--data", data };
            arguments.AddRange(nodeArguments);
            if (settings.Replay.ApplyTrackingFilters) arguments.Add("--apply-filters");
            if (settings.Replay.EnforceBudget) arguments.Add("--enforce-budget");
            return new ReplayNodeProcess(i + 1, program, arguments, own, data, p.Remoting, p.Management, p.Control, p.Admin);
        }).ToList();
    }

    /// <summary>One replay's moving parts: the nodes, the faults still to come, the restarts under way, what was observed.</summary>
    private sealed class Run(Recording recording, FootyOptions options, ClusterReplaySettings settings, IReadOnlyList<ReplayNodeProcess> nodes,
        Serilog.ILogger logger, ReplayClock clock)
    {
        private readonly List<string> _faultLog = [];
        private readonly List<Task> _restarts = [];
        private readonly Dictionary<int, (HashSet<string> Fixtures, HashSet<string> Goals)> _hosted =
            nodes.ToDictionary(n => n.Number, _ => (new HashSet<string>(), new HashSet<string>()));
        private string? _pollerNode;
        private ReplayNodeProcess? _through;
        private readonly Dictionary<int, NodeState> _latest = [];
        /// <summary>When the poller's node was SIGKILLed (<see cref="Stopwatch.GetTimestamp"/>), until a poll sent after that completes.</summary>
        private long _pollerKilledAt;
        private volatile bool _mustSettle = true;
        /// <summary>Nodes taken down and not yet back: a fault waits until none is, so no fault ever takes the majority away.</summary>
        private int _down;
        private readonly List<Task> _faults = [];
        private readonly CancellationTokenSource _played = new();

        public IReadOnlyList<string> FaultLog
        {
            get { lock (_faultLog) return _faultLog.ToList(); }
        }

        public IReadOnlyDictionary<int, HostedEntities> Hosted() =>
            _hosted.ToDictionary(kv => kv.Key, kv => new HostedEntities(kv.Value.Fixtures.ToHashSet(), kv.Value.Goals.ToHashSet()));

        public async Task WaitForFormationAsync(CancellationToken ct)
        {
            var formed = Stopwatch.StartNew();
            while (true)
            {
                var states = await Task.WhenAll(nodes.Select(n => n.StateAsync(ct)));
                if (states.All(s => s is { Up: true } && s.UpMembers.Count == nodes.Count)) break;
                if (nodes.FirstOrDefault(n => !n.IsRunning) is { } dead)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct); // its last lines reach the log after it has exited
                    var exit = dead.DescribeExit();
                    var problem = $"node {dead.Number} exited while the cluster formed, {exit}";
                    if (exit.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) throw new PortTakenException(problem);
                    throw new InvalidOperationException(problem);
                }
                if (formed.Elapsed > FormationTimeout)
                    throw new TimeoutException($"the {nodes.Count} nodes did not form one cluster within {FormationTimeout}: see the node logs in {options.DataDirectory}");
                await Task.Delay(250, ct);
            }
            logger.Information("{Nodes} nodes formed one cluster in {Seconds:0.0} s", nodes.Count, formed.Elapsed.TotalSeconds);
        }

        /// <summary>As a one-node replay: through the recording, then on until nothing is polled or searched (or a bounded number of extra polls).</summary>
        public async Task PlayAsync(Action<ReplayTick>? onTick, CancellationToken ct)
        {
            var settled = await SettledAsync(ct);
            var next = settled.Poller!.LastCycleAt is { } resumed ? resumed + recording.PollInterval : recording.Start;
            var extraPolls = 0;
            var clipSearchPolls = (int)Math.Ceiling(options.Clips.SearchAttempts * options.Clips.AttemptInterval / recording.PollInterval);
            var maxExtraPolls = options.Polling.GracePolls + options.Polling.ConfirmationPolls + options.Polling.WithdrawalPolls + clipSearchPolls + 4;
            while (true)
            {
                var now = next;
                var poll = ReplayRunner.PollNumber(recording, now);
                if (poll % HostingSampleEvery == 0) await SettledAsync(ct);
                var faults = settings.Faults.Where(f => f.Poll == poll).ToList();
                // A fault lands during its own poll: the replay waits there until a node still down from an earlier fault is
                // back (two nodes down at once would lose the majority), rather than letting the fault drift to a later poll.
                if (faults.Count > 0 && settings.RestartAfter is not null) await NoneDownAsync(ct);
                var landings = faults.Where(f => f.Node != NodeFault.ClipWorker)
                    .Select(f => (Fault: f, Landed: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))).ToList();
                _faults.AddRange(landings.Select(l => InjectAsync(l.Fault, now, l.Landed, ct)));
                _faults.AddRange(faults.Where(f => f.Node == NodeFault.ClipWorker).Select(f => InjectAsync(f, now, null, ct)));
                var report = await TickAsync(now, ct);
                // A fault delayed beyond its poll's end lands before the next poll starts, so it hits the poll it names (a
                // clips fault waits for clip work, which later polls bring).
                await Task.WhenAll(landings.Select(l => l.Landed.Task));
                onTick?.Invoke(new ReplayTick(now, poll, recording.PollCount, report));
                next = now + recording.PollInterval;
                if (now < recording.LastPollAt) continue;
                var progress = (await SettledAsync(ct)).Poller!;
                if ((!progress.Polling && progress.OpenHunts == 0) || extraPolls >= maxExtraPolls) break;
                extraPolls++;
            }
            await _played.CancelAsync();
            await Task.WhenAll(_faults);
            Task[] restarts;
            lock (_restarts) restarts = _restarts.ToArray();
            await Task.WhenAll(restarts);
        }

        public async Task<MatchdaySummary> SummaryAsync(CancellationToken ct)
        {
            await SettledAsync(ct);
            return await nodes.First(n => n.IsRunning).SummaryAsync(ct);
        }

        /// <summary>Runs poll <paramref name="at"/> to completion on whichever node can take it, across node losses.</summary>
        private async Task<Polling.PollCycleReport> TickAsync(DateTimeOffset at, CancellationToken ct)
        {
            clock.Set(at);
            var patience = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                if (_mustSettle || attempt > 1 || _through is not { IsRunning: true })
                {
                    _mustSettle = false;
                    var settled = await SettledAsync(ct);
                    if (attempt > 1 && settled.Poller!.LastCycleAt >= at) return new Polling.PollCycleReport(false, 0, 0, 0, 0, "completed before its node was lost", null);
                    _through = nodes.FirstOrDefault(n => n.IsRunning && n.Address == settled.PollerNode)
                               ?? nodes.First(n => n.IsRunning && n.Address == settled.Self);
                }
                if (patience.Elapsed > PollPatience)
                    throw new InvalidOperationException($"poll {at:u} did not complete within {PollPatience.TotalMinutes:0} minutes ({attempt - 1} attempts)");
                var node = _through!;
                await Task.WhenAll(nodes.Where(n => n != node && n.IsRunning).Select(n => n.SetClockAsync(at, ct)));
                var sentAt = Stopwatch.GetTimestamp();
                var answer = await node.TickAsync(at, ct);
                if (answer is { Completed: true, Report: { } report })
                {
                    var killedAt = Interlocked.Read(ref _pollerKilledAt);
                    if (killedAt != 0 && sentAt > killedAt && Interlocked.CompareExchange(ref _pollerKilledAt, 0, killedAt) == killedAt)
                        Log($"the poller polls again (poll {at:u} done through node {node.Number}) {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after its node's SIGKILL");
                    return report;
                }
                if (answer is { Interrupted: false, Error: { } error } && !error.Contains("already running", StringComparison.Ordinal))
                {
                    logger.Warning("Replay poll at {Now:u} did not complete: {Error}", at, error);
                    return Polling.PollCycleReport.Failed(error);
                }
                logger.Warning("Poll {Now:u} through node {Node}, attempt {Attempt}: {Outcome}; asked again once the cluster has settled",
                    at, node.Number, attempt, answer?.Error ?? "the node was lost");
                if (answer is { Interrupted: false }) await Task.Delay(500, ct);
            }
        }

        /// <summary>
        /// Waits until every running node that is an Up member sees exactly those nodes Up and none unreachable, and the
        /// poller answers; records what each node hosts. Returns one node's state (the first such node's).
        /// </summary>
        private async Task<NodeState> SettledAsync(CancellationToken ct)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var states = (await Task.WhenAll(nodes.Select(async n => (Node: n, State: await n.StateAsync(ct)))))
                    .Where(s => s.State is { Up: true })
                    .ToList();
                Record(states);
                var addresses = states.Select(s => s.State!.Self).Order(StringComparer.Ordinal).ToList();
                if (states.Count > 0 && states.All(s => s.State!.Unreachable == 0 && s.State.UpMembers.SequenceEqual(addresses))
                    && states.FirstOrDefault(s => s.State!.Poller is not null) is { State: { } answered })
                {
                    _pollerNode = answered.PollerNode;
                    return answered;
                }
                if (waited.Elapsed > SettleTimeout)
                    throw new TimeoutException($"the cluster did not settle within {SettleTimeout}: {string.Join("; ", states.Select(s => $"node {s.Node.Number} sees {string.Join(",", s.State!.UpMembers)} up, {s.State.Unreachable} unreachable"))}");
                await Task.Delay(200, ct);
            }
        }

        private void Record(IEnumerable<(ReplayNodeProcess Node, NodeState? State)> states)
        {
            foreach (var (node, state) in states)
            {
                lock (_latest) _latest[node.Number] = state!;
                _hosted[node.Number].Fixtures.UnionWith(state!.Fixtures);
                _hosted[node.Number].Goals.UnionWith(state.Goals);
            }
        }

        /// <param name="landed">Completed once the signal is sent (or the fault came to nothing).</param>
        private async Task InjectAsync(NodeFault fault, DateTimeOffset at, TaskCompletionSource? landed, CancellationToken ct)
        {
            try
            {
                await Task.Delay(fault.Delay ?? FaultDelay, _played.Token);
                var (node, doing) = fault.Node switch
                {
                    NodeFault.Poller => (nodes.FirstOrDefault(n => n.Address == _pollerNode), ""),
                    NodeFault.ClipWorker => await ClipWorkerAsync(_played.Token),
                    _ => (nodes[int.Parse(fault.Node) - 1], ""),
                };
                await TakeDownAsync(fault, node, doing, at, landed, ct);
            }
            catch (OperationCanceledException) when (_played.IsCancellationRequested)
            {
                Log($"fault {fault} at poll {fault.Poll} ({at:u}): the replay ended before it could land, nothing done");
            }
            finally
            {
                landed?.TrySetResult();
            }
        }

        private async Task NoneDownAsync(CancellationToken ct)
        {
            while (Volatile.Read(ref _down) > 0) await Task.Delay(100, ct);
            await SettledAsync(ct);
        }

        /// <summary>The first running node seen with clips in its pipeline, preferring one that does not host the poller.</summary>
        private async Task<(ReplayNodeProcess Node, string Doing)> ClipWorkerAsync(CancellationToken ct)
        {
            while (true)
            {
                var work = await Task.WhenAll(nodes.Where(n => n.IsRunning).Select(async n => (Node: n, InFlight: await n.ClipsInFlightAsync(ct))));
                var busy = work.Where(w => w.InFlight > 0).OrderBy(w => w.Node.Address == _pollerNode).ThenBy(w => w.Node.Number).ToList();
                if (busy.Count > 0 && Volatile.Read(ref _down) == 0)
                    return (busy[0].Node, $", downloading, hashing or uploading {busy[0].InFlight} clip(s)");
                await Task.Delay(50, ct);
            }
        }

        private async Task TakeDownAsync(NodeFault fault, ReplayNodeProcess? node, string doing, DateTimeOffset at, TaskCompletionSource? landed,
            CancellationToken ct)
        {
            if (node is not { IsRunning: true, ProcessId: { } pid })
            {
                Log($"fault {fault} at poll {fault.Poll} ({at:u}): node {(node is null ? "hosting the poller" : node.Number.ToString())} is not running, nothing done");
                return;
            }
            var what = fault.Graceful ? "SIGTERM (graceful leave)" : "SIGKILL";
            var role = node.Address == _pollerNode ? ", host of the poller" : "";
            _mustSettle = true;
            Interlocked.Increment(ref _down);
            Log($"fault {fault}: {what} to node {node.Number} ({node.Address}, pid {pid}{role}{doing}) during poll {ReplayRunner.PollNumber(recording, clock.GetUtcNow())} ({clock.GetUtcNow():u}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
            NodeState? before;
            lock (_latest) before = _latest.GetValueOrDefault(node.Number);
            var down = Stopwatch.StartNew();
            if (fault.Graceful)
            {
                var leaving = node.StopAsync(StopGrace);
                landed?.TrySetResult();
                await leaving;
            }
            else await node.KillAsync();
            if (!fault.Graceful && node.Address == _pollerNode) Interlocked.Exchange(ref _pollerKilledAt, Stopwatch.GetTimestamp() - down.ElapsedTicks);
            lock (_restarts)
            {
                if (!fault.Graceful && before is not null) _restarts.Add(MeasureFailoverAsync(node, before, down, ct));
                if (settings.RestartAfter is { } delay) _restarts.Add(RestartAsync(node, delay, ct));
            }
        }

        /// <summary>
        /// Logs how long after a SIGKILL the survivors had downed and removed the node, and had every fixture and goal it
        /// hosted (as last seen) serving again (remember-entities restarts them where their shards are re-allocated).
        /// </summary>
        private async Task MeasureFailoverAsync(ReplayNodeProcess node, NodeState before, Stopwatch since, CancellationToken ct)
        {
            var entities = before.Fixtures.Concat(before.Goals).ToHashSet();
            var downed = false;
            while (since.Elapsed < SettleTimeout)
            {
                var states = (await Task.WhenAll(nodes.Where(n => n != node).Select(n => n.StateAsync(ct)))).OfType<NodeState>().Where(s => s.Up).ToList();
                if (!downed && states.Count > 0 && states.All(s => !s.UpMembers.Contains(node.Address) && s.Unreachable == 0))
                {
                    downed = true;
                    Log($"node {node.Number} downed and removed by the survivors {since.Elapsed.TotalSeconds:0.0} s after its SIGKILL");
                }
                if (downed && entities.IsSubsetOf(states.SelectMany(s => s.Fixtures.Concat(s.Goals))))
                {
                    Log($"the {entities.Count} fixtures and goals node {node.Number} hosted serve again on the survivors {since.Elapsed.TotalSeconds:0.0} s after its SIGKILL");
                    return;
                }
                await Task.Delay(100, ct);
            }
        }

        private async Task RestartAsync(ReplayNodeProcess node, TimeSpan delay, CancellationToken ct)
        {
            await Task.Delay(delay, ct);
            node.Start();
            Log($"node {node.Number} started again on {node.Address} (pid {node.ProcessId}) at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
            var started = Stopwatch.StartNew();
            while ((await node.StateAsync(ct)) is not { Up: true })
            {
                if (!node.IsRunning) throw new InvalidOperationException($"node {node.Number} exited after its restart, {node.DescribeExit()}");
                if (started.Elapsed > FormationTimeout) throw new TimeoutException($"node {node.Number} did not rejoin within {FormationTimeout}");
                await Task.Delay(250, ct);
            }
            _mustSettle = true;
            Interlocked.Decrement(ref _down);
            Log($"node {node.Number} rejoined the cluster {started.Elapsed.TotalSeconds:0.0} s after its restart");
        }

        private void Log(string line)
        {
            lock (_faultLog) _faultLog.Add(line);
            logger.Warning("Replay: {Fault}", line);
        }
    }
}
