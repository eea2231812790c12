using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Configuration;
using Footy.Daemon.Persistence;
using Footy.ReadModel;

namespace Footy.Daemon.ReadModel;

/// <summary>
/// The read model brought up to the journal's current end: <see cref="CatchUpAsync"/> applies every event after the stored
/// positions (<c>CurrentEventsByTag</c>, the finite form of the live query); <see cref="RebuildAsync"/> projects the whole
/// journal into the store's staging tables and puts them in place in one step (<c>footy readmodel rebuild</c>, with the daemon
/// stopped or, through <see cref="RequestAsync"/>, by the running projection). Same projector, same batches as the live projection.
/// </summary>
public static class ReadModelRebuild
{
    private const int BatchSize = 1_000;

    /// <summary>An actor system that only reads the configured journal (no cluster, no entities).</summary>
    public static ActorSystem JournalReader(FootyOptions options)
    {
        JournalConfiguration.PrepareStorage(options);
        return JournalConfiguration.CreateSystem("footy-readmodel", ConfigurationFactory.ParseString(JournalSerializer.Hocon()), options);
    }

    /// <summary>
    /// Projects the whole journal into an emptied staging store, then publishes it over the store's documents: readers see the
    /// read model as it was until the rebuilt one replaces it whole. Returns the number of events applied.
    /// </summary>
    public static async Task<long> RebuildAsync(ActorSystem system, IReadModelStore store, int gracePolls, CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        await using var staging = store.Staging();
        await staging.InitializeAsync(ct);
        await staging.ResetAsync(ct);
        var applied = await CatchUpAsync(system, staging, gracePolls, ct);
        await store.PublishStagingAsync(ct);
        return applied;
    }

    /// <summary>Asks the running projection singleton (wherever in the cluster it runs) to rebuild the read model; see <see cref="ReadModelCommands.Rebuild"/>.</summary>
    public static async Task<ReadModelCommands.Rebuilt> RequestAsync(IActorRegistry registry, TimeSpan timeout, CancellationToken ct)
    {
        var projection = await registry.GetAsync<ReadModelProjection>(ct);
        return await projection.Ask<ReadModelCommands.Rebuilt>(ReadModelCommands.Rebuild.Instance, timeout, ct);
    }

    /// <summary>Projects every event written after the stored positions, up to the journal's end now; returns how many.</summary>
    public static async Task<long> CatchUpAsync(ActorSystem system, IReadModelStore store, int gracePolls, CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var projector = new ReadModelProjector(store, gracePolls);
        var positions = await store.PositionsAsync(ct);
        long applied = 0;
        foreach (var stream in ReadModelProjectionActor.Streams)
        {
            var from = positions.FirstOrDefault(p => p.Stream == stream)?.Offset ?? 0;
            applied += await journal.CurrentEventsByTag(stream, Offset.Sequence(from))
                .Grouped(BatchSize)
                .SelectAsync(1, async batch =>
                {
                    await projector.ProjectAsync(stream, batch.Select(ReadModelProjectionActor.ToJournalEvent).ToList(), ct);
                    return (long)batch.Count();
                })
                .RunWith(Sink.Aggregate<long, long>(0, (sum, n) => sum + n), system.Materializer())
                .WaitAsync(ct);
        }
        return applied;
    }
}
