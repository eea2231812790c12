using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.ReadModel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Footy.Daemon.ReadModel;

/// <summary>
/// The read model in the daemon's services: the configured store, as <see cref="IReadModelStore"/> and as the
/// <see cref="IReadModelQueries"/> a surface (the goals page) resolves, its lag, and the readiness check on that lag.
/// </summary>
public static class ReadModelServices
{
    public static IServiceCollection AddReadModel(this IServiceCollection services, FootyOptions options)
    {
        services.AddSingleton(_ => CreateStore(options));
        services.AddSingleton<IReadModelQueries>(sp => sp.GetRequiredService<IReadModelStore>());
        services.AddSingleton(sp => new ReadModelLag(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<IReadModelStore>(), TimeProvider.System));
        services.AddSingleton(new ReadModelReadiness(options.ReadModel, TimeProvider.System));
        services.AddHealthChecks().Add(new HealthCheckRegistration("read-model",
            sp => new ReadModelLagCheck(sp.GetRequiredService<ReadModelLag>(), sp.GetRequiredService<ReadModelReadiness>()), HealthStatus.Unhealthy, [FootyHost.ReadyTag]));
        return services;
    }

    public static IReadModelStore CreateStore(FootyOptions options) => options.ReadModel.Provider switch
    {
        ReadModelProvider.Sqlite => SqlReadModelStore.Sqlite(SqliteConnectionString(options)),
        ReadModelProvider.PostgreSql => SqlReadModelStore.PostgreSql(options.ReadModel.ConnectionString!),
        ReadModelProvider.MongoDb => new MongoReadModelStore(options.ReadModel.ConnectionString!, options.ReadModel.Database),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.ReadModel.Provider, "unknown read model provider"),
    };

    public static string SqliteConnectionString(FootyOptions options) =>
        string.IsNullOrWhiteSpace(options.ReadModel.ConnectionString)
            ? new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Path.GetFullPath(options.DataDirectory), "readmodel.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString()
            : options.ReadModel.ConnectionString;
}

/// <summary>The read model's lag, judged by <see cref="ReadModelReadiness"/>: websites would show stale goals behind a stalled projection.</summary>
public sealed class ReadModelLagCheck(ReadModelLag lag, ReadModelReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        readiness.Judge(await lag.MeasureAsync(cancellationToken));
}
