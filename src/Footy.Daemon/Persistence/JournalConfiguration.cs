using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using AkkaConfig = Akka.Configuration.Config;

namespace Footy.Daemon.Persistence;

/// <summary>
/// The journal, snapshot store and query journal (Akka.Persistence.Sql through its Hosting package) on one database.
/// Table names and layout are the plugin's defaults, as the earlier hand-written HOCON had them, so journals written
/// before keep loading. SQLite lives in the data directory, in WAL mode, with one writer.
/// </summary>
public static class JournalConfiguration
{
    public static AkkaConfigurationBuilder WithFootyPersistence(this AkkaConfigurationBuilder akka, FootyOptions options) =>
        akka.WithSqlPersistence(JournalOptions(options), SnapshotOptions(options),
                journal => journal
                    .AddWriteEventAdapter<EntityTagger>("entity-tagger", EntityTagger.TaggedBases)
                    .WithHealthCheck(HealthStatus.Unhealthy, "journal", [FootyHost.ReadyTag]),
                snapshot => snapshot.WithHealthCheck(HealthStatus.Unhealthy, "snapshot-store", [FootyHost.ReadyTag]))
            .AddHocon(WriterHocon(options), HoconAddMode.Prepend);

    /// <summary>
    /// An actor system on the journal without Akka.Hosting (<c>footy readmodel rebuild</c>, benchmarks, tests): <see cref="Config"/>
    /// under <paramref name="config"/>, with the journal's connection options (<see cref="TagQueryRewrite"/>).
    /// </summary>
    public static ActorSystem CreateSystem(string name, AkkaConfig config, FootyOptions options)
    {
        var (connectionString, provider) = Database(options);
        return ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(config.WithFallback(Config(options)))
            .And(new DataOptionsSetup(DataOptions(connectionString, provider))));
    }

    /// <summary>The same journal and snapshot store as a plain configuration, for an ActorSystem built without Akka.Hosting (the benchmarks).</summary>
    public static AkkaConfig Config(FootyOptions options)
    {
        var journal = JournalOptions(options);
        var snapshot = SnapshotOptions(options);
        return Akka.Configuration.ConfigurationFactory.ParseString(WriterHocon(options))
            .WithFallback(journal.ToConfig())
            .WithFallback(snapshot.ToConfig())
            .WithFallback(journal.DefaultConfig)
            .WithFallback(journal.DefaultQueryConfig)
            .WithFallback(snapshot.DefaultConfig);
    }

    private static SqlJournalOptions JournalOptions(FootyOptions options)
    {
        var (connectionString, provider) = Database(options);
        return new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            AutoInitialize = true,
            TagStorageMode = TagMode.TagTable,
            DataOptions = DataOptions(connectionString, provider),
        };
    }

    private static DataOptions DataOptions(string connectionString, string provider) =>
        new DataOptions().UseConnectionString(provider, connectionString).UseInterceptor(new TagQueryRewrite());

    private static SqlSnapshotOptions SnapshotOptions(FootyOptions options)
    {
        var (connectionString, provider) = Database(options);
        return new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            AutoInitialize = true,
        };
    }

    /// <summary>
    /// SQLite takes one writer at a time: more parallel writers only queue on its lock and time out. The plugin wraps every
    /// read (recovery, the read model's EventsByTag) in a transaction, which Microsoft.Data.Sqlite begins IMMEDIATE, taking
    /// the write lock, unless it is read-uncommitted: then it begins DEFERRED, a plain WAL reader that never blocks the
    /// writer nor waits for it. A long catch-up read no longer makes the poller's writes fail with "database is locked".
    /// In WAL mode without a shared cache a reader still sees only committed rows.
    /// </summary>
    private static string WriterHocon(FootyOptions options) => options.Journal.Provider == JournalProvider.Sqlite
        ? """
          akka.persistence.journal.sql.parallelism = 1
          akka.persistence.journal.sql.read-isolation-level = read-uncommitted
          akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted
          akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted
          """
        : "akka.persistence.journal.sql.parallelism = 3";

    private static (string ConnectionString, string Provider) Database(FootyOptions options) => options.Journal.Provider switch
    {
        JournalProvider.Sqlite => (SqliteConnectionString(options), ProviderName.SQLiteMS),
        JournalProvider.PostgreSql => (options.Journal.ConnectionString!, ProviderName.PostgreSQL15),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Journal.Provider, "unknown journal provider"),
    };

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
}
