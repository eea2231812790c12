using Footy.Daemon.Configuration;
using Microsoft.Data.Sqlite;

namespace Footy.Daemon.Persistence;

/// <summary>
/// HOCON for Akka.Persistence.Sql (its Hosting package is not on our feed): journal, snapshot store and
/// query journal on the same database. SQLite lives in the data directory, in WAL mode, with one writer.
/// </summary>
public static class JournalConfiguration
{
    public static string Hocon(FootyOptions options)
    {
        var (connectionString, provider, parallelism) = options.Journal.Provider switch
        {
            JournalProvider.Sqlite => (SqliteConnectionString(options), "SQLite.MS", 1),
            JournalProvider.PostgreSql => (options.Journal.ConnectionString!, "PostgreSQL.15", 3),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Journal.Provider, "unknown journal provider"),
        };
        var cs = Quote(connectionString);
        var pn = Quote(provider);
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{cs}}
                  provider-name = {{pn}}
                  auto-initialize = true
                  parallelism = {{parallelism}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{cs}}
                  provider-name = {{pn}}
                  auto-initialize = true
                }
              }
              query.journal.sql {
                connection-string = {{cs}}
                provider-name = {{pn}}
                write-plugin = "akka.persistence.journal.sql"
              }
            }
            """;
    }

    /// <summary>Creates the SQLite file if needed and switches it to WAL (a property of the file, kept from then on).</summary>
    public static void PrepareStorage(FootyOptions options)
    {
        if (options.Journal.Provider != JournalProvider.Sqlite) return;
        Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory));
        using var connection = new SqliteConnection(SqliteConnectionString(options));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public static string SqliteConnectionString(FootyOptions options) =>
        string.IsNullOrWhiteSpace(options.Journal.ConnectionString)
            ? new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Path.GetFullPath(options.DataDirectory), "journal.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString()
            : options.Journal.ConnectionString;

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
