using Footy.Daemon.Configuration;

namespace Footy.Daemon.Tests.Infrastructure;

public enum Backend { Sqlite, PostgreSql }

/// <summary>
/// One PostgreSQL server for the whole test run (started on first use, stopped at the end); each test
/// gets its own database on it, and its own SQLite file in a temporary folder.
/// </summary>
public sealed class JournalBackends : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _postgres;
    private readonly List<string> _folders = [];

    public async Task<FootyOptions> OptionsFor(Backend backend)
    {
        var folder = Path.Combine(Path.GetTempPath(), "footy-test-" + Guid.NewGuid().ToString("N")[..12]);
        lock (_folders) _folders.Add(folder);
        var options = new FootyOptions { DataDirectory = folder };
        options.Tracking.Leagues.Clear();
        if (backend == Backend.PostgreSql)
        {
            var server = await Postgres();
            var database = "footy_" + Guid.NewGuid().ToString("N")[..12];
            await server.CreateDatabaseAsync(database);
            options.Journal.Provider = JournalProvider.PostgreSql;
            options.Journal.ConnectionString = server.ConnectionString(database);
        }
        return options;
    }

    /// <summary>A fresh options object on the same journal and data folder, as a restarted daemon would load.</summary>
    public static FootyOptions SameJournal(FootyOptions options)
    {
        var again = new FootyOptions { DataDirectory = options.DataDirectory };
        again.Tracking.Leagues.Clear();
        again.Journal.Provider = options.Journal.Provider;
        again.Journal.ConnectionString = options.Journal.ConnectionString;
        return again;
    }

    private async Task<PostgresServer> Postgres()
    {
        await _gate.WaitAsync();
        try
        {
            return _postgres ??= await PostgresServer.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        foreach (var folder in _folders.Where(Directory.Exists))
            Directory.Delete(folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DaemonCollection : ICollectionFixture<JournalBackends>
{
    public const string Name = "daemon";
}
