using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Footy.Benchmarks;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Microsoft.Data.Sqlite;

// Journal write and recovery rates through the daemon's persistence configuration (docs/benchmarks.md).
//   dotnet run -c Release --project benchmarks/Footy.Benchmarks -- [--events N] [--postgres "<connection string>"]
// A generated season history for the start-up benchmark (benchmarks/history/measure.sh):
//   dotnet run -c Release --project benchmarks/Footy.Benchmarks -- season --data DIR [--seasons N] [--postgres "<cs>"]

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["season", .. var seasonArgs]) return await Footy.Benchmarks.Season.SeasonCommand.RunAsync(seasonArgs);

var writeEvents = 5_000;
var recoveryEvents = 20_000;
var actorCounts = new List<int> { 1, 50 };
var repetitions = 3;
var warmups = 1;
string? postgres = null;
string? dataDirectory = null;
var keep = false;
var sqlite = true;

try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture) is var v && v > 0 ? v : throw new ArgumentException($"{args[i]} must be positive");
        switch (args[i])
        {
            case "--events": writeEvents = NextInt(); break;
            case "--recovery-events": recoveryEvents = NextInt(); break;
            case "--actors": actorCounts = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
            case "--repetitions": repetitions = NextInt(); break;
            case "--warmups": warmups = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--postgres": postgres = Next(); break;
            case "--no-sqlite": sqlite = false; break;
            case "--data-dir": dataDirectory = Next(); break;
            case "--keep": keep = true; break;
            case "-h" or "--help": Usage(); return 0;
            default: throw new ArgumentException($"unknown argument {args[i]}");
        }
    }
    if (!sqlite && postgres is null) throw new ArgumentException("--no-sqlite needs --postgres");
    if (actorCounts.Count == 0 || actorCounts.Any(a => a < 1)) throw new ArgumentException("--actors takes positive counts, e.g. 1,50");
    if (recoveryEvents / actorCounts.Max() <= 2 * JournalBench.SnapshotTail)
        throw new ArgumentException($"--recovery-events must give each actor more than {2 * JournalBench.SnapshotTail} events");
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Usage();
    return 2;
}

var settings = new BenchSettings(writeEvents, recoveryEvents, actorCounts, warmups, repetitions, TimeSpan.FromSeconds(120));
var ownDirectory = dataDirectory is null;
dataDirectory ??= Path.Combine(Path.GetTempPath(), "footy-bench-" + Guid.NewGuid().ToString("N")[..8]);

var journals = new List<(string Name, FootyOptions Options)>();
if (sqlite)
    journals.Add(("SQLite", new FootyOptions { DataDirectory = dataDirectory, Journal = { Provider = JournalProvider.Sqlite } }));
if (postgres is not null)
    journals.Add(("PostgreSQL", new FootyOptions { DataDirectory = dataDirectory, Journal = { Provider = JournalProvider.PostgreSql, ConnectionString = postgres } }));

var total = Stopwatch.StartNew();
var loadBefore = LoadAverage();
var log = Console.Out;
var results = new List<ScenarioResult>();
var environment = new List<string>
{
    $"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores",
    $"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
    $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC",
    $"- Akka {Version(typeof(Akka.Actor.ActorSystem))}, Akka.Persistence.Sql {Version(typeof(Akka.Persistence.Sql.SqlPersistence))}",
    $"- Warm-ups {warmups}, repetitions {repetitions}; write scenarios ~{writeEvents} events, recovery {recoveryEvents} events",
};

try
{
    foreach (var (name, options) in journals)
    {
        log.WriteLine($"== {name} ==");
        var config = JournalBench.ConfigFor(options);
        await using (var bench = JournalBench.Start(options, settings, log))
        {
            var journal = config.GetConfig("akka.persistence.journal.sql");
            environment.Add($"- {name}: provider-name {journal.GetString("provider-name")}, parallelism {journal.GetInt("parallelism")}, " +
                            $"batch-size {journal.GetInt("batch-size")}, replay-batch-size {journal.GetInt("replay-batch-size")}");
            if (options.Journal.Provider == JournalProvider.Sqlite) environment.Add("- " + SqliteFacts(options));
            if (environment.All(l => !l.Contains("payload:", StringComparison.Ordinal))) environment.Add("- " + bench.PayloadFacts());
            results.AddRange(await bench.RunAsync());
        }
    }
}
finally
{
    if (ownDirectory && !keep && Directory.Exists(dataDirectory))
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }
}

log.WriteLine();
log.WriteLine("## Environment");
log.WriteLine();
foreach (var line in environment) log.WriteLine(line);
log.WriteLine($"- Total run time: {total.Elapsed.TotalSeconds:F0} s; load average (1/5/15 min) before {loadBefore}, after {LoadAverage()}");
log.WriteLine();
log.WriteLine("## Results (events/s: median of the repetitions, min–max)");
log.WriteLine();
log.WriteLine("| Journal | Scenario | Actors | Events / rep | events/s (median) | min–max events/s | median time (ms) |");
log.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
    log.WriteLine($"| {r.Provider} | {r.Scenario} | {r.Actors} | {r.EventsPerRepetition:N0} | {r.MedianRate:N0} | {r.MinRate:N0}–{r.MaxRate:N0} | {r.MedianMilliseconds:N1} |");
return 0;

static void Usage() => Console.Error.WriteLine("""
    usage: dotnet run -c Release --project benchmarks/Footy.Benchmarks -- [options]
      --events N              events per write scenario, spread over the actors, at least one batch each (default 5000)
      --recovery-events N     events replayed per recovery scenario, spread over the actors (default 20000)
      --actors 1,50           concurrent actors (persistence ids) per scenario (default 1,50)
      --repetitions N         timed repetitions (default 3); --warmups N untimed ones first (default 1)
      --postgres "<cs>"       also run against PostgreSQL (use a throwaway database: rows are not deleted)
      --no-sqlite             only PostgreSQL
      --data-dir DIR          where the SQLite journal.db goes (default: a fresh temp directory, deleted afterwards)
      --keep                  keep the temp directory
    """);

static string Version(Type type) =>
    type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0]
    ?? type.Assembly.GetName().Version?.ToString() ?? "?";

static string CpuModel()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
    }
    catch (IOException) { }
    catch (UnauthorizedAccessException) { }
    return RuntimeInformation.ProcessArchitecture.ToString();
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException) { return "n/a"; }
    catch (UnauthorizedAccessException) { return "n/a"; }
}

static string SqliteFacts(FootyOptions options)
{
    using var connection = new SqliteConnection(JournalConfiguration.SqliteConnectionString(options));
    connection.Open();
    string Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "?";
    }
    var synchronous = Scalar("PRAGMA synchronous;") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var s => s };
    return $"SQLite {Scalar("select sqlite_version();")}: journal_mode={Scalar("PRAGMA journal_mode;")}, synchronous={synchronous}, " +
           $"file {JournalConfiguration.SqliteConnectionString(options)}";
}
