using Akka.Cluster.Hosting;
using Akka.Hosting;
using Footy.Daemon.Persistence;
using Footy.ReadModel;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.ReadModel;

/// <summary>Akka.Hosting registry key of the read model projection singleton's proxy.</summary>
public sealed class ReadModelProjection;

public static class ReadModelProjectionSingleton
{
    /// <summary>
    /// The live query's pace. A new event is looked for every 250 ms (the default is 1 s); when the journal's ordering has a
    /// gap (a write still in flight, or one rolled back), the query waits up to max-tries x query-delay for it to fill before
    /// reading past it: 10 x 250 ms = 2.5 s instead of the default 10 s. Goals change at poll pace (seconds), so this keeps a
    /// published change within about a second of its event, at four small queries a second per projected tag.
    /// </summary>
    private const string QueryHocon = """
        akka.persistence.query.journal.sql {
          refresh-interval = 250ms
          journal-sequence-retrieval {
            query-delay = 250ms
            max-tries = 10
          }
        }
        """;

    /// <summary>The cluster's one <see cref="ReadModelProjectionActor"/> (a singleton, restarted with back-off when it fails) and its proxy.</summary>
    public static AkkaConfigurationBuilder AddReadModelProjection(this AkkaConfigurationBuilder akka, IServiceProvider services, int gracePolls, string role) =>
        akka.AddHocon(QueryHocon, HoconAddMode.Prepend)
            .WithSingleton<ReadModelProjection>("read-model-projection",
                (_, _, _) => JournalBackoff.Supervise(
                    ReadModelProjectionActor.PropsFor(services.GetRequiredService<IReadModelStore>(), gracePolls), "read-model-projection"),
                new ClusterSingletonOptions { Role = role }, createProxyToo: true);
}
