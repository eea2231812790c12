using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Akka.Actor;
using Footy.Daemon.Persistence;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// The daemon as a process, killed with SIGKILL again and again in every phase of its work (recovery, detection,
/// clip search, download, hashing, upload, snapshotting) and started again on the same data directory, ends where
/// an uninterrupted run ends: the same summary, every clip stored once, nothing temporary left, a readable journal.
/// </summary>
public sealed class KillRestartTests(ClipRecording clipRecording, ITestOutputHelper output) : IClassFixture<ClipRecording>
{
    private const int Kills = 22;
    private const int DefaultSeed = 5_2026;

    /// <summary>The recording has 405 polls: 22 runs of at most 15 cycles each never reach its end.</summary>
    private const int CyclesPerRun = 15;

    /// <summary>Each phase's kill point: a log line (or journal change) that shows the phase running, then a random delay.</summary>
    private enum Phase { Recovery, Detection, Search, Download, Hashing, Upload, Snapshot }

    [Fact]
    public async Task Replay_killed_in_every_phase_and_restarted_ends_like_an_uninterrupted_run_with_nothing_doubled_or_left_behind()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FOOTY_KILL_SEED"), out var s) ? s : DefaultSeed;
        output.WriteLine($"kill seed {seed} (FOOTY_KILL_SEED={seed} replays this plan)");
        var random = new Random(seed);
        var data = Path.Combine(Path.GetTempPath(), "footy-kill-" + Guid.NewGuid().ToString("N")[..10]);
        var wall = Stopwatch.StartNew();
        try
        {
            var log = new LogTail(Path.Combine(data, "logs"));
            var hits = new Dictionary<Phase, int>();
            var next = 0;
            for (var killed = 0; killed < Kills;)
            {
                var phase = Round[next % Round.Length];
                log.SkipToEnd();
                using var daemon = Daemon.Start(clipRecording.Directory, data);
                var started = wall.Elapsed;
                var (reached, point) = await WaitForKillPoint(phase, random, daemon, log, data);
                Assert.False(daemon.Process.HasExited, $"the replay finished by itself after {killed} kills, before the {phase} kill point");
                daemon.Process.Kill(entireProcessTree: true);
                await daemon.Process.WaitForExitAsync();
                killed++;
                // A phase not reached within the run's cycle cap stays next: the kill still counts (it landed in detection).
                if (reached)
                {
                    next++;
                    hits[phase] = hits.GetValueOrDefault(phase) + 1;
                }
                output.WriteLine($"kill {killed,2} {(reached ? phase.ToString() : "Detection"),-9} at {point} ({(wall.Elapsed - started).TotalSeconds:0.0}s after start)");
            }
            output.WriteLine("phases reached: " + string.Join(", ", Enum.GetValues<Phase>().Select(p => $"{p} {hits.GetValueOrDefault(p)}")));
            Assert.All(Enum.GetValues<Phase>(), p => Assert.True(hits.ContainsKey(p), $"no kill landed in {p}"));
            var killsDone = wall.Elapsed;

            using var final = Daemon.Start(clipRecording.Directory, data);
            var stdout = await final.Process.StandardOutput.ReadToEndAsync();
            await final.Process.WaitForExitAsync();
            output.WriteLine($"{Kills} kills in {killsDone.TotalSeconds:0}s, final run {(wall.Elapsed - killsDone).TotalSeconds:0}s");
            foreach (var swept in new LogTail(Path.Combine(data, "logs")).NewLines().Where(l => l.Contains("Swept filesystem store", StringComparison.Ordinal)))
                output.WriteLine("after a kill: " + swept[(swept.IndexOf(']') + 2)..]);
            Assert.Equal(0, final.Process.ExitCode);

            var summary = MatchdaySummary.FromJson(stdout);
            var expected = Summaries.LoadExpected(Path.Combine(clipRecording.Directory, "expected.json"));
            var actual = Summaries.Normalize(summary);
            Assert.Equal(expected.Fixtures, actual.Fixtures);
            Assert.Equal(expected.Goals, actual.Goals);
            ClipAssertions.KeptExactlyTheOriginals(summary, clipRecording.Planned, output);
            EveryClipStoredOnce(summary, Path.Combine(data, "clips"));
            NothingTemporaryLeft(data);
            await JournalReadable(data);
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The phases in rounds, the clip pipeline's in its own order: a kill mid-attempt makes the restarted goal run that
    /// attempt again, so the next phase of the pipeline comes in the same attempt. The seed decides the moments.
    /// </summary>
    private static readonly Phase[] Round = [Phase.Recovery, Phase.Detection, Phase.Snapshot, Phase.Search, Phase.Download, Phase.Hashing, Phase.Upload];

    /// <summary>
    /// Waits for the phase's kill point. A run is killed after at most <see cref="CyclesPerRun"/> poll cycles all the same,
    /// so 22 runs cannot reach the end of the replay whatever the machine's speed; the phase is then not reached.
    /// </summary>
    private static async Task<(bool Reached, string Point)> WaitForKillPoint(Phase phase, Random random, Daemon daemon, LogTail log, string data)
    {
        var (marker, occurrences, delay) = phase switch
        {
            Phase.Recovery => (null, 0, TimeSpan.FromMilliseconds(random.Next(500, 5_000))),
            Phase.Detection => (PollCycle, random.Next(3, CyclesPerRun), TimeSpan.FromMilliseconds(random.Next(0, 40))),
            Phase.Search => (SearchAnswered, 1, TimeSpan.FromMilliseconds(random.Next(0, 20))),
            Phase.Download => (PostsFound, 1, TimeSpan.FromMilliseconds(random.Next(0, 5))),
            Phase.Hashing => (Downloaded, 1, TimeSpan.FromMilliseconds(random.Next(100, 900))),
            Phase.Upload => (Fingerprinted, 1, TimeSpan.FromMilliseconds(random.Next(0, 3))),
            Phase.Snapshot => ((Regex?)null, random.Next(1, 6), TimeSpan.FromMilliseconds(random.Next(0, 5))),
            _ => throw new ArgumentOutOfRangeException(nameof(phase)),
        };
        var clock = Stopwatch.StartNew();
        var seen = 0;
        var cycles = 0;
        var snapshots = phase == Phase.Snapshot ? SnapshotRows(data) : 0;
        string? point = null;
        while (!daemon.Process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            var lines = log.NewLines();
            cycles += lines.Count(PollCycle.IsMatch);
            if (phase == Phase.Recovery)
            {
                // Killed before the replay resumes: at the random moment, or as soon as the poller has recovered.
                if (clock.Elapsed >= delay || lines.Any(l => l.Contains("Poller recovered", StringComparison.Ordinal)))
                    return (true, $"start + {clock.Elapsed.TotalMilliseconds:0}ms");
                await Task.Delay(5);
                continue;
            }
            if (phase == Phase.Snapshot)
            {
                var now = SnapshotRows(data);
                if (now != snapshots) seen++;
                snapshots = now;
                if (seen >= occurrences) point = $"snapshot write #{seen}";
            }
            else if (lines.FirstOrDefault(l => marker!.IsMatch(l) && ++seen >= occurrences) is { } line)
            {
                point = $"'{line[Math.Max(0, line.IndexOf(']') + 2)..]}' (#{seen})";
            }
            if (point is not null) break;
            if (cycles >= CyclesPerRun) return (false, $"{cycles} poll cycles without reaching {phase}");
            await Task.Delay(25);
        }
        // Downloads and store writes take milliseconds: watch for their files to kill while they are being written.
        var inProgress = phase switch
        {
            Phase.Download => await FileAppears(Path.Combine(data, "tmp"), "dl-*", daemon.StartedAt),
            Phase.Upload => await FileAppears(Path.Combine(data, "clips", LocalClipStore.TemporaryDirectoryName), "*.part", daemon.StartedAt),
            _ => null,
        };
        await Task.Delay(delay);
        return (point is not null, $"{point ?? "timeout"}{(inProgress is null ? "" : $", then {Path.GetFileName(inProgress)} being written")} + {delay.TotalMilliseconds:0}ms");
    }

    /// <summary>A file written by this run (a killed run's leftovers are older).</summary>
    private static async Task<string?> FileAppears(string folder, string pattern, DateTime since)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            try
            {
                if (Directory.Exists(folder)
                    && Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
                        .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) >= since) is { } file)
                    return file;
            }
            catch (IOException)
            {
                // a folder vanished while we looked (the daemon's own clean-up): look again
            }
            await Task.Delay(1);
        }
        return null;
    }

    private static readonly Regex PollCycle = new("Poll cycle", RegexOptions.Compiled);
    private static readonly Regex SearchAnswered = new(@"Search service found \d+ new clip", RegexOptions.Compiled);
    private static readonly Regex PostsFound = new(@"Search service found [1-9]\d* new clip", RegexOptions.Compiled);
    private static readonly Regex Downloaded = new(@"HttpClipDownloader: Downloaded", RegexOptions.Compiled);
    private static readonly Regex Fingerprinted = new(@"VideoFingerprinter: Fingerprinted", RegexOptions.Compiled);

    /// <summary>Rows in the snapshot table; a change means a snapshot was just written (or old ones deleted).</summary>
    private static long SnapshotRows(string data)
    {
        var file = Path.Combine(data, "journal.db");
        if (!File.Exists(file)) return 0;
        try
        {
            using var connection = ReadOnly(file);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(SUM(sequence_number), 0) FROM snapshot";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not created yet, or busy for a moment
        }
    }

    private static void EveryClipStoredOnce(MatchdaySummary summary, string store)
    {
        var published = summary.Goals.SelectMany(g => g.Clips).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var stored = Directory.Exists(store)
            ? Directory.EnumerateFiles(store, "*" + ClipKey.Extension, SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + LocalClipStore.TemporaryDirectoryName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(store, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.Equal(published, stored);
        var contents = stored.Select(k => Convert.ToHexString(MD5.HashData(File.ReadAllBytes(Path.Combine(store, k))))).ToList();
        Assert.Equal(contents.Count, contents.Distinct().Count());
        foreach (var sidecar in Directory.EnumerateFiles(store, "*" + ClipKey.Extension + LocalClipStore.SidecarSuffix, SearchOption.AllDirectories))
            Assert.True(File.Exists(sidecar[..^LocalClipStore.SidecarSuffix.Length]), $"orphan sidecar {sidecar}");
    }

    private static void NothingTemporaryLeft(string data)
    {
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "tmp"), "*", SearchOption.AllDirectories));
        var storeTemp = Path.Combine(data, "clips", LocalClipStore.TemporaryDirectoryName);
        if (Directory.Exists(storeTemp)) Assert.Empty(Directory.EnumerateFiles(storeTemp, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(data, "*.part", SearchOption.AllDirectories));
    }

    /// <summary>Every event and snapshot the daemon wrote reads back through its serializer; no sequence number is doubled or skipped.</summary>
    private static async Task JournalReadable(string data)
    {
        using var system = ActorSystem.Create("journal-check", JournalSerializer.Hocon());
        try
        {
            var serializer = (JournalSerializer)system.Serialization.FindSerializerForType(typeof(Footy.Domain.Goals.GoalEvent));
            using var connection = ReadOnly(Path.Combine(data, "journal.db"));
            var sequences = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            var events = 0;
            foreach (var (pid, seq, payload, manifest) in Rows(connection, "SELECT persistence_id, sequence_number, message, manifest FROM journal WHERE identifier = 7311"))
            {
                Assert.NotNull(serializer.FromBinary(payload, manifest));
                if (!sequences.TryGetValue(pid, out var list)) sequences[pid] = list = [];
                list.Add(seq);
                events++;
            }
            var snapshots = 0;
            foreach (var (_, _, payload, manifest) in Rows(connection, "SELECT persistence_id, sequence_number, snapshot, manifest FROM snapshot WHERE serializer_id = 7311"))
            {
                Assert.NotNull(serializer.FromBinary(payload, manifest));
                snapshots++;
            }
            Assert.True(events > 100, $"only {events} events in the journal");
            foreach (var (pid, list) in sequences)
            {
                list.Sort();
                Assert.True(list.SequenceEqual(Enumerable.Range(1, list.Count).Select(i => (long)i)),
                    $"{pid}: sequence numbers doubled or skipped: {string.Join(",", list)}");
            }
            Assert.True(snapshots > 0, "no snapshot was written");
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static IEnumerable<(string Pid, long Seq, byte[] Payload, string Manifest)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return (reader.GetString(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.GetString(3));
    }

    private static SqliteConnection ReadOnly(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary><c>footy replay --json</c> as a child process, with debug logs (the kill points read them) and frequent snapshots.</summary>
    private sealed class Daemon : IDisposable
    {
        private Daemon(Process process) => Process = process;

        public Process Process { get; }

        public DateTime StartedAt { get; } = DateTime.UtcNow;

        public static Daemon Start(string recording, string data)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay", recording, "--data", data, "--json" })
                start.ArgumentList.Add(a);
            start.Environment["FOOTY_Logging__MinimumLevel"] = "Debug";
            start.Environment["FOOTY_Journal__SnapshotEvery"] = "3";
            return new Daemon(Process.Start(start)!);
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    /// <summary>The daemon's log files, read from outside the process: only the lines written since the last call.</summary>
    private sealed class LogTail(string folder)
    {
        private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

        public void SkipToEnd() => NewLines();

        /// <summary>Complete lines only: a half-written last line is read next time.</summary>
        public IReadOnlyList<string> NewLines()
        {
            var lines = new List<string>();
            if (!Directory.Exists(folder)) return lines;
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var offset = _offsets.GetValueOrDefault(file);
                if (stream.Length <= offset) continue;
                stream.Seek(offset, SeekOrigin.Begin);
                var bytes = new byte[stream.Length - offset];
                stream.ReadExactly(bytes);
                var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
                _offsets[file] = offset + complete;
                lines.AddRange(System.Text.Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
            return lines;
        }
    }
}
