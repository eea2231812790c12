using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Footy.Domain.Polling;
using Footy.Testing;
using Microsoft.Data.Sqlite;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>
/// On SQLite, reading the journal (an entity's recovery, the read model's EventsByTag) never waits for the write lock:
/// while another connection holds it, as the journal writer does during a commit, reads go on. Before, every read began
/// an IMMEDIATE transaction, so a long catch-up read and the poller's writes failed each other with "database is locked".
/// </summary>
public sealed class SqliteReadLockTests
{
    private const string PersistenceId = "read-lock-probe";

    [Fact]
    public async Task Recovery_and_events_by_tag_read_the_journal_while_another_connection_holds_the_write_lock()
    {
        using var data = new TempDir();
        var options = new FootyOptions { DataDirectory = data.Path };
        // The daemon's connection string, with a shorter busy timeout: a read that waited for the lock would fail in 3 s.
        options.Journal.ConnectionString = new SqliteConnectionStringBuilder(JournalConfiguration.SqliteConnectionString(options)) { DefaultTimeout = 3 }.ToString();
        JournalConfiguration.PrepareStorage(options);
        var system = ActorSystem.Create("read-lock", ConfigurationFactory.ParseString(JournalSerializer.Hocon()).WithFallback(JournalConfiguration.Config(options)));
        try
        {
            var days = PollerEventsProbe.Days(5);
            var writer = system.ActorOf(PollerEventsProbe.Props(PersistenceId, days));
            Assert.Equal(days.Count, await writer.Ask<int>(PollerEventsProbe.Written, TimeSpan.FromSeconds(30)));
            await writer.GracefulStop(TimeSpan.FromSeconds(10));

            await using var lockHolder = new SqliteConnection(JournalConfiguration.SqliteConnectionString(options));
            await lockHolder.OpenAsync();
            await using (var begin = lockHolder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            var reader = system.ActorOf(PollerEventsProbe.Props(PersistenceId, []));
            Assert.Equal(days, await reader.Ask<List<PollerEvents.IngestCompleted>>(PollerEventsProbe.Recovered, TimeSpan.FromSeconds(30)));

            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var tagged = await journal.CurrentEventsByTag(EntityTagger.Poller, Offset.NoOffset())
                .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(days, tagged.Select(e => e.Event));
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
    }
}
