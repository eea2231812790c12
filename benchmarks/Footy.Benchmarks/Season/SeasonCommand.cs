using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Footy.Domain.Goals;
using Microsoft.Data.Sqlite;

namespace Footy.Benchmarks.Season;

/// <summary>
/// <c>Footy.Benchmarks season</c>: writes a generated history of seasons (<see cref="SeasonHistory"/>) into a data
/// directory's journal, or a PostgreSQL journal, through the daemon's persistence configuration and serializer, for
/// <c>benchmarks/history/measure.sh</c> to start the daemon on.
/// </summary>
public static class SeasonCommand
{
    private const string Usage = """
        usage: dotnet run -c Release --project benchmarks/Footy.Benchmarks -- season --data DIR [options]
          --seasons N        seasons of 38 matchdays x 10 fixtures (default 1)
          --before DATE      the last matchday is a week before this date (default: today, UTC)
          --postgres "<cs>"  write into this PostgreSQL database instead of DIR/journal.db (a fresh database)
          --seed N           first matchday's scenario seed (default 1)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var seasons = 1;
        var seed = 1;
        string? data = null;
        string? postgres = null;
        var before = DateOnly.FromDateTime(DateTime.UtcNow);
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--seasons": seasons = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--data": data = Next(); break;
                    case "--postgres": postgres = Next(); break;
                    case "--before": before = DateOnly.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            if (data is null) throw new ArgumentException("--data is needed");
            if (seasons < 1) throw new ArgumentException("--seasons must be positive");
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var options = new FootyOptions { DataDirectory = data };
        if (postgres is not null)
        {
            options.Journal.Provider = JournalProvider.PostgreSql;
            options.Journal.ConnectionString = postgres;
        }
        var rules = new GoalRules(new ConfirmationRules(options.Polling.ConfirmationPolls, options.Polling.WithdrawalPolls),
            options.Clips.SearchAttempts, options.Clips.AttemptInterval);

        var clock = Stopwatch.StartNew();
        var history = new SeasonHistory(options.Journal.SnapshotEvery, rules, options.Polling.GracePolls);
        var shape = history.Generate(seasons, before, seed);
        Console.WriteLine($"generated {seasons} season(s) in {clock.Elapsed.TotalSeconds:F1} s: {shape.Fixtures} fixtures, {shape.Goals} goals, " +
                          $"{shape.Events} events, {shape.Snapshots} snapshots; last cycle {shape.LastCycleAt:u}");

        clock.Restart();
        JournalConfiguration.PrepareStorage(options);
        // Writing a history is a bulk load: a shared machine's slow commit must not trip the journal's circuit breaker.
        var config = ConfigurationFactory.ParseString(JournalSerializer.Hocon() + "\nakka.persistence.journal.sql.circuit-breaker.call-timeout = 300s")
            .WithFallback(JournalBench.ConfigFor(options));
        var system = ActorSystem.Create("season", config);
        try
        {
            // A few writers at a time: the journal batches their writes as it batches the daemon's entities'.
            using var gate = new SemaphoreSlim(8);
            var writes = history.Journals.Select(async journal =>
            {
                await gate.WaitAsync();
                try
                {
                    var writer = system.ActorOf(JournalWriter.PropsFor(journal.PersistenceId));
                    var split = (int)(journal.Snapshot?.SequenceNr ?? journal.Events.Count);
                    await writer.Ask<JournalWriter.Written>(new JournalWriter.Part(journal.Events[..split], journal.Snapshot?.State), TimeSpan.FromMinutes(5));
                    await writer.Ask<JournalWriter.Written>(new JournalWriter.Part(journal.Events[split..], null), TimeSpan.FromMinutes(5));
                    await writer.GracefulStop(TimeSpan.FromSeconds(30));
                }
                finally
                {
                    gate.Release();
                }
            });
            await Task.WhenAll(writes);
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
        Console.WriteLine($"journal written in {clock.Elapsed.TotalSeconds:F1} s ({shape.Events / clock.Elapsed.TotalSeconds:F0} events/s)");
        return 0;
    }
}
