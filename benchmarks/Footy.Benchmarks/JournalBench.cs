using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Microsoft.Data.Sqlite;

namespace Footy.Benchmarks;

public sealed record BenchSettings(
    int WriteEvents, int RecoveryEvents, IReadOnlyList<int> ActorCounts, int Warmups, int Repetitions, TimeSpan Timeout);

/// <summary>
/// Runs every scenario against one journal: a plain ActorSystem configured with exactly the HOCON the daemon uses
/// (<see cref="JournalConfiguration.Config"/>) after <see cref="JournalConfiguration.PrepareStorage"/>.
/// </summary>
public sealed class JournalBench : IAsyncDisposable
{
    /// <summary>Beyond the daemon's journal HOCON only logging is quietened; the plugin's own defaults fill in the rest.</summary>
    private const string BenchHocon = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """;

    public const int SnapshotTail = 25; // the daemon snapshots every 50 events: recovery replays what came after the snapshot

    private readonly ActorSystem _system;
    private readonly BenchSettings _settings;
    private readonly Harness _harness;
    private readonly TextWriter _log;
    private readonly string _provider;
    private readonly FootyOptions _options;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    private JournalBench(ActorSystem system, FootyOptions options, string provider, BenchSettings settings, TextWriter log)
    {
        _options = options;
        _system = system;
        _provider = provider;
        _settings = settings;
        _log = log;
        _harness = new Harness(settings.Warmups, settings.Repetitions, log);
    }

    public static Config ConfigFor(FootyOptions options) =>
        ConfigurationFactory.ParseString(BenchHocon).WithFallback(JournalConfiguration.Config(options));

    public static JournalBench Start(FootyOptions options, BenchSettings settings, TextWriter log)
    {
        JournalConfiguration.PrepareStorage(options);
        var system = ActorSystem.Create("bench", ConfigFor(options));
        var provider = options.Journal.Provider == JournalProvider.Sqlite ? "SQLite" : "PostgreSQL";
        return new JournalBench(system, options, provider, settings, log);
    }

    /// <summary>The serializer the system picks for the event and snapshot, and their serialized sizes.</summary>
    public string PayloadFacts()
    {
        var e = BenchActor.EventFor(BenchActor.FixtureIdFor("bench-sample"), 1);
        var state = new BenchState(e.FixtureId, 1, e.At, e.GoalId, e.Home, e.Away);
        var serializer = _system.Serialization.FindSerializerFor(e);
        return $"payload: {nameof(GoalObserved)} {serializer.ToBinary(e).Length} bytes, snapshot {nameof(BenchState)} " +
               $"{_system.Serialization.FindSerializerFor(state).ToBinary(state).Length} bytes, serializer {serializer.GetType().Name}";
    }

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync()
    {
        var results = new List<ScenarioResult>();
        foreach (var actors in _settings.ActorCounts)
        {
            results.Add(await WriteScenarioAsync("Persist (one at a time)", WriteMode.Persist, 1, actors));
            results.Add(await WriteScenarioAsync("PersistAsync", WriteMode.PersistAsync, 1, actors));
            results.Add(await WriteScenarioAsync("PersistAll, batches of 10", WriteMode.PersistAll, 10, actors));
            results.Add(await WriteScenarioAsync("PersistAll, batches of 100", WriteMode.PersistAll, 100, actors));
        }
        foreach (var actors in _settings.ActorCounts)
        {
            results.Add(await RecoveryScenarioAsync(actors, snapshot: false));
            results.Add(await RecoveryScenarioAsync(actors, snapshot: true));
        }
        return results;
    }

    /// <summary>
    /// Fresh actors (new persistence ids) each repetition; recovery of the empty id is waited for before the clock starts.
    /// The clock covers feeding every command and waiting until every handler ran (= the journal confirmed every write).
    /// </summary>
    private async Task<ScenarioResult> WriteScenarioAsync(string name, WriteMode mode, int batch, int actors)
    {
        var perActor = Math.Max(batch, _settings.WriteEvents / actors / batch * batch);
        var label = $"{name} x{actors}";
        var samples = await _harness.MeasureAsync(label, async rep =>
        {
            var pids = Enumerable.Range(0, actors).Select(i => $"bench-{_runId}-{mode}-{batch}-{actors}-{rep}-{i}").ToArray();
            var signals = pids.Select(_ => new Signal(perActor)).ToArray();
            var refs = pids.Select((pid, i) => Spawn(pid, signals[i])).ToArray();
            await Within(Task.WhenAll(signals.Select(s => s.Recovered.Task)), label + " start-up");

            var elapsed = await Harness.TimeAsync(async () =>
            {
                // Round-robin over the actors so that with many actors the writes are really concurrent.
                var step = mode == WriteMode.PersistAll ? batch : 1;
                for (var seq = 1; seq <= perActor; seq += step)
                    foreach (var actor in refs)
                        actor.Tell(new Write(mode, seq, step));
                await Within(Task.WhenAll(signals.Select(s => s.Written.Task)), label);
            });
            await StopAll(refs);
            return new Sample(perActor * actors, elapsed);
        });
        return new ScenarioResult(_provider, name, actors, perActor * actors,
            mode == WriteMode.PersistAll ? $"{perActor / batch} PersistAll calls per actor" : $"{perActor} commands per actor", samples);
    }

    /// <summary>
    /// Writes the journal once (PersistAll, untimed), then each repetition starts fresh actors on those persistence ids and
    /// times creation until every one of them reached RecoveryCompleted. With a snapshot, a snapshot was saved
    /// <see cref="SnapshotTail"/> events before the end, so recovery loads it and replays only the tail.
    /// </summary>
    private async Task<ScenarioResult> RecoveryScenarioAsync(int actors, bool snapshot)
    {
        var perActor = _settings.RecoveryEvents / actors;
        var name = snapshot ? $"Recovery, snapshot + {SnapshotTail} events" : "Recovery (replay all events)";
        var label = $"{name} x{actors}";
        var pids = Enumerable.Range(0, actors).Select(i => $"bench-{_runId}-replay-{(snapshot ? "snap" : "full")}-{actors}-{i}").ToArray();

        var setup = await Harness.TimeAsync(() => Task.WhenAll(pids.Select(pid => FillAsync(pid, perActor, snapshot))));
        _log.WriteLine($"  {label,-44} setup: wrote {perActor * actors} events in {setup.TotalSeconds:F1} s");

        var samples = await _harness.MeasureAsync(label, async _ =>
        {
            var signals = pids.Select(_ => new Signal(0)).ToArray();
            var refs = new IActorRef[actors];
            var elapsed = await Harness.TimeAsync(async () =>
            {
                for (var i = 0; i < actors; i++) refs[i] = Spawn(pids[i], signals[i]);
                await Within(Task.WhenAll(signals.Select(s => s.Recovered.Task)), label);
            });
            foreach (var info in signals.Select(s => s.Recovered.Task.Result))
            {
                var expectedReplay = snapshot ? SnapshotTail : perActor;
                if (info.Events != perActor || info.Replayed != expectedReplay)
                    throw new InvalidOperationException($"{label}: recovered {info.Events} events ({info.Replayed} replayed), expected {perActor} ({expectedReplay} replayed)");
            }
            await StopAll(refs);
            return new Sample(perActor * actors, elapsed);
        });
        if (actors == 1 && !snapshot && _options.Journal.Provider == JournalProvider.Sqlite) await RecoveryBreakdownAsync(pids[0], perActor, label);
        return new ScenarioResult(_provider, name, actors, perActor * actors,
            snapshot ? $"{SnapshotTail} of {perActor} events replayed per actor; rate counts all {perActor}" : $"{perActor} events per actor", samples);
    }

    /// <summary>
    /// Where a one-entity replay's CPU goes, by subtraction (CPU time of this process, so other load on the machine does not
    /// count): the whole recovery; reading the same rows straight from SQLite (Microsoft.Data.Sqlite, no plugin); and
    /// deserializing their payloads with the serializer the system picks. What is left is Akka.Persistence.Sql's query path
    /// (linq2db, its stream) and the delivery of each event to the actor.
    /// </summary>
    private async Task RecoveryBreakdownAsync(string pid, int events, string label)
    {
        var rows = new List<(byte[] Message, string Manifest, int Serializer)>(events);
        var read = CpuPerEvent(events, () =>
        {
            rows.Clear();
            using var connection = new SqliteConnection(JournalConfiguration.SqliteConnectionString(_options));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid " +
                                  "FROM journal WHERE persistence_id = $pid AND deleted = 0 ORDER BY sequence_number";
            command.Parameters.AddWithValue("$pid", pid);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(((byte[])reader["message"], reader.IsDBNull(6) ? "" : reader.GetString(6), reader.GetInt32(7)));
        });
        var deserialize = CpuPerEvent(events, () =>
        {
            foreach (var (message, manifest, serializer) in rows) _system.Serialization.Deserialize(message, serializer, manifest);
        });
        var recovery = TimeSpan.Zero;
        for (var i = 0; i < 3; i++)
        {
            var signal = new Signal(0);
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var actor = Spawn(pid, signal);
            await Within(signal.Recovered.Task, label);
            var used = Process.GetCurrentProcess().TotalProcessorTime - before;
            await StopAll([actor]);
            recovery = i == 0 || used < recovery ? used : recovery;
        }
        var whole = recovery.TotalMicroseconds / events;
        _log.WriteLine($"  {label,-44} CPU per event (least of 3): recovery {whole:F2} µs = SQLite rows {read:F2} µs + deserialize {deserialize:F2} µs " +
                       $"+ plugin and dispatch {whole - read - deserialize:F2} µs; CPU-bound ceiling {1_000_000 / whole:N0} events/s");
    }

    private static double CpuPerEvent(int events, Action body)
    {
        var least = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            body();
            least = Math.Min(least, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / events);
        }
        return least;
    }

    private async Task FillAsync(string pid, int events, bool snapshot)
    {
        const int batch = 100;
        var signal = new Signal(events);
        var actor = Spawn(pid, signal);
        await Within(signal.Recovered.Task, pid + " start-up");
        var beforeSnapshot = snapshot ? events - SnapshotTail : events;
        for (var seq = 1; seq <= beforeSnapshot; seq += batch)
            actor.Tell(new Write(WriteMode.PersistAll, seq, Math.Min(batch, beforeSnapshot - seq + 1)));
        if (snapshot)
        {
            // Stashed behind the PersistAll calls, so the snapshot holds exactly beforeSnapshot events.
            var saved = await actor.Ask<SnapshotSaved>(new TakeSnapshot(), _settings.Timeout);
            if (saved.SequenceNr != beforeSnapshot)
                throw new InvalidOperationException($"{pid}: snapshot at {saved.SequenceNr}, expected {beforeSnapshot}");
            for (var seq = beforeSnapshot + 1; seq <= events; seq++)
                actor.Tell(new Write(WriteMode.PersistAll, seq, 1));
        }
        await Within(signal.Written.Task, pid + " fill");
        await StopAll([actor]);
    }

    private IActorRef Spawn(string pid, Signal signal) =>
        _system.ActorOf(Props.Create(() => new BenchActor(pid, signal)));

    private async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(_settings.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: not done within {_settings.Timeout.TotalSeconds:F0} s");
        }
    }

    private Task StopAll(IEnumerable<IActorRef> actors) =>
        Task.WhenAll(actors.Select(a => a.GracefulStop(_settings.Timeout)));

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
