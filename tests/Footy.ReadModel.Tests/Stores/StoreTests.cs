using Footy.Daemon.Tests.Infrastructure;
using Footy.ReadModel;

namespace Footy.ReadModel.Tests.Stores;

/// <summary>The embedded store: a SQLite file of its own per test.</summary>
public sealed class SqliteStoreTests : ReadModelStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "footy-rm-" + Guid.NewGuid().ToString("N")[..10]);

    protected override Task<IReadModelStore> CreateStoreAsync() =>
        Task.FromResult<IReadModelStore>(SqlReadModelStore.Sqlite($"Data Source={Path.Combine(_folder, "readmodel.db")};Pooling=false"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One PostgreSQL server the tests start (initdb on a free port) for the class; a database of its own per test.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer? Server { get; private set; }

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

public sealed class PostgreSqlStoreTests(PostgresServerFixture postgres) : ReadModelStoreContract, IClassFixture<PostgresServerFixture>
{
    protected override async Task<IReadModelStore> CreateStoreAsync()
    {
        var database = "readmodel_" + Guid.NewGuid().ToString("N")[..12];
        await postgres.Server!.CreateDatabaseAsync(database);
        return SqlReadModelStore.PostgreSql(postgres.Server.ConnectionString(database));
    }
}

/// <summary>
/// MongoDB runs only where <c>FOOTY_TEST_MONGO</c> names a server (a connection string): none can run on our machines. Without it
/// every test of this class reports itself skipped, naming the variable.
/// </summary>
public sealed class MongoDbStoreTests : ReadModelStoreContract
{
    public const string Variable = "FOOTY_TEST_MONGO";

    protected override Task<IReadModelStore> CreateStoreAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(server), $"MongoDB store skipped: {Variable} names no MongoDB server (set it to a connection string, e.g. mongodb://127.0.0.1:27017)");
        return Task.FromResult<IReadModelStore>(new MongoReadModelStore(server!, "footy_test_" + Guid.NewGuid().ToString("N")[..12]));
    }
}
