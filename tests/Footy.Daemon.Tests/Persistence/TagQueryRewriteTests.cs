using System.Data.Common;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Footy.Testing;
using LinqToDB;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>
/// The read journal's tag subquery, as Akka.Persistence.Sql has linq2db write it, scans the whole tag table for every event it
/// returns (a filtered aggregate); <see cref="TagQueryRewrite"/> turns it into the same aggregate over the event's own rows.
/// </summary>
public sealed class TagQueryRewriteTests
{
    private const string PersistenceId = "tag-query-probe";

    [Fact]
    public async Task The_read_journals_tag_subquery_reads_an_events_own_tag_rows_and_returns_what_the_plugins_query_returns()
    {
        using var data = new TempDir();
        var options = new FootyOptions { DataDirectory = data.Path };
        JournalConfiguration.PrepareStorage(options);
        var connectionString = JournalConfiguration.SqliteConnectionString(options);
        var seen = new SeenStatements();
        // The plugin's own statements, unrewritten: what the daemon's interceptor receives.
        var system = ActorSystem.Create("tag-query", BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString(JournalSerializer.Hocon()).WithFallback(JournalConfiguration.Config(options)))
            .And(new DataOptionsSetup(new DataOptions().UseConnectionString(ProviderName.SQLiteMS, connectionString).UseInterceptor(seen))));
        try
        {
            var days = PollerEventsProbe.Days(6);
            var writer = system.ActorOf(PollerEventsProbe.Props(PersistenceId, days));
            Assert.Equal(days.Count, await writer.Ask<int>(PollerEventsProbe.Written, TimeSpan.FromSeconds(30)));

            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var tagged = await journal.CurrentEventsByTag(EntityTagger.Poller, Offset.Sequence(2))
                .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(days.Skip(2), tagged.Select(e => e.Event));
            Assert.All(tagged, e => Assert.Equal([EntityTagger.Poller], e.Tags));
        }
        finally
        {
            await system.Terminate();
        }

        var byTag = Assert.Single(seen.Statements, s => s.Sql.Contains("GROUP_CONCAT(CASE", StringComparison.Ordinal));
        var rewritten = TagQueryRewrite.Rewrite(byTag.Sql);
        Assert.DoesNotContain("CASE", rewritten, StringComparison.Ordinal);

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var plugins = await RowsAsync(connection, byTag.Sql, byTag.Parameters);
        Assert.Equal(4, plugins.Count);
        Assert.Equal(plugins, await RowsAsync(connection, rewritten, byTag.Parameters));
        var plan = await RowsAsync(connection, "EXPLAIN QUERY PLAN " + rewritten, byTag.Parameters);
        Assert.DoesNotContain(plan, row => row.Contains("SCAN t1", StringComparison.Ordinal));
        Assert.Contains(plan, row => row.Contains("SEARCH t1 USING", StringComparison.Ordinal));
        Assert.Contains(await RowsAsync(connection, "EXPLAIN QUERY PLAN " + byTag.Sql, byTag.Parameters), row => row.Contains("SCAN t1", StringComparison.Ordinal));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void The_tag_subquery_the_plugin_writes_for_PostgreSQL_is_rewritten_to_read_by_the_events_ordering()
    {
        // As PostgreSQL's statement log showed it for the read model's EventsByTag (Akka.Persistence.Sql 1.5.73, linq2db 6.5).
        const string plugins = """
            SELECT
            	x_1."Ordering",
            	(
            		SELECT
            			STRING_AGG(t1.tag, ';') FILTER (WHERE t1.ordering_id = x_1."Ordering")
            		FROM
            			tags t1
            	)
            FROM
            	(SELECT x.ordering as "Ordering" FROM journal x INNER JOIN tags lp ON lp.ordering_id = x.ordering
            	 WHERE lp.ordering_id > $1 AND lp.ordering_id <= $2 AND NOT x.deleted AND lp.tag = $3 ORDER BY x.ordering LIMIT $4) x_1
            """;
        var rewritten = TagQueryRewrite.Rewrite(plugins);
        Assert.Contains("""STRING_AGG(t1.tag, ';') FROM tags t1 WHERE t1.ordering_id = x_1."Ordering" """.TrimEnd(), rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("FILTER", rewritten, StringComparison.Ordinal);
        Assert.EndsWith(plugins[plugins.IndexOf("FROM\n\t(SELECT x.ordering", StringComparison.Ordinal)..], rewritten, StringComparison.Ordinal);
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    /// <summary>Notes every statement the plugin prepares, with its parameters.</summary>
    private sealed class SeenStatements : CommandInterceptor
    {
        private readonly List<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> _statements = [];

        public IReadOnlyList<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> Statements
        {
            get { lock (_statements) return _statements.ToList(); }
        }

        public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
        {
            var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (_statements) _statements.Add((command.CommandText, parameters));
            return command;
        }
    }
}
