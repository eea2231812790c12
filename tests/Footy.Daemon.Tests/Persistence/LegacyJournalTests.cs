using System.IO.Compression;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>
/// A SQLite journal written by the daemon before Akka.Persistence.Sql.Hosting (its hand-written HOCON), stopped after a
/// whole replay of the 2022 final, still loads: every event reads back, and a replay resumed on it ends where a fresh one does.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class LegacyJournalTests(JournalBackends backends, ITestOutputHelper output)
{
    private const string RecordingName = "world-cup-final-2022";

    [Fact]
    public async Task A_journal_written_by_the_hand_written_hocon_reads_back_and_a_replay_resumes_on_it()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        Directory.CreateDirectory(options.DataDirectory);
        var legacy = Path.Combine(Summaries.RepositoryRoot(), "tests", "Footy.Daemon.Tests", "Persistence", "Journals", "hand-written-hocon.db.gz");
        await using (var compressed = new GZipStream(File.OpenRead(legacy), CompressionMode.Decompress))
        await using (var journal = File.Create(Path.Combine(options.DataDirectory, "journal.db")))
            await compressed.CopyToAsync(journal);

        Assert.Equal(StoredEventCount(options), await ReadBackEventCount(options));

        var logger = TestLogging.For(output);
        var fresh = (await ReplayRunner.RunAsync(Summaries.Recording(RecordingName), await backends.OptionsFor(Backend.Sqlite), new ReplaySettings(), logger)).Summary;
        var resumed = (await ReplayRunner.RunAsync(Summaries.Recording(RecordingName), JournalBackends.SameJournal(options), new ReplaySettings(), logger)).Summary;
        Assert.Equal(Summaries.Normalize(fresh).Fixtures, Summaries.Normalize(resumed).Fixtures);
        Assert.Equal(Summaries.Normalize(fresh).Goals, Summaries.Normalize(resumed).Goals);
    }

    private static long StoredEventCount(Footy.Daemon.Configuration.FootyOptions options)
    {
        using var connection = new SqliteConnection(JournalConfiguration.SqliteConnectionString(options));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal WHERE persistence_id LIKE 'goal-%' OR persistence_id LIKE 'fixture-%' OR persistence_id = $poller";
        command.Parameters.AddWithValue("$poller", LivePollerActor.PersistenceIdValue);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Goals, fixtures and the poller; sharding's own remember-entities journal is not ours to read.</summary>
    private static bool IsEntity(string persistenceId) =>
        persistenceId.StartsWith("goal-", StringComparison.Ordinal) || persistenceId.StartsWith("fixture-", StringComparison.Ordinal)
        || persistenceId == LivePollerActor.PersistenceIdValue;

    /// <summary>Every event of every entity, deserialized through the current configuration.</summary>
    private static async Task<long> ReadBackEventCount(Footy.Daemon.Configuration.FootyOptions options)
    {
        var system = ActorSystem.Create("legacy-reader", ConfigurationFactory.ParseString(JournalSerializer.Hocon())
            .WithFallback(JournalConfiguration.Config(options)));
        try
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var ids = await journal.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), system.Materializer());
            long count = 0;
            foreach (var id in ids.Distinct().Where(IsEntity))
            {
                var events = await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue)
                    .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
                Assert.All(events, e => Assert.NotNull(e.Event));
                count += events.Count;
            }
            return count;
        }
        finally
        {
            await system.Terminate();
        }
    }
}
