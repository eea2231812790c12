using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Footy.Daemon.Persistence;

/// <summary>
/// Reads a persistence id nothing writes, from the journal and the snapshot store, as soon as the actor system is up. A
/// plugin's first query starts the plugin, opens its connection pool and compiles its SQL; on a node that has just joined a
/// cluster that first query is otherwise made by the first shard the node is given, whose remembered entities must load
/// within <c>waiting-for-state-timeout</c>, and on a loaded host it did not (3-node replay: a poll stalled for a minute).
/// </summary>
public static class PersistenceWarmUp
{
    public const string PersistenceId = "footy-persistence-warm-up";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public static void Start(ActorSystem system)
    {
        var persistence = Akka.Persistence.Persistence.Instance.Apply(system);
        var log = Logging.GetLogger(system, typeof(PersistenceWarmUp));
        // The replies need a living recipient: the journal's replay filter delivers to the asker, and a missing one throws.
        _ = Observe(persistence.SnapshotStoreFor(null).Ask<object>(
            new LoadSnapshot(PersistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), Patience), "snapshot store", log);
        _ = Observe(persistence.JournalFor(null).Ask<object>(
            replyTo => new ReplayMessages(0, long.MaxValue, long.MaxValue, PersistenceId, replyTo), Patience, CancellationToken.None), "journal", log);
    }

    private static async Task Observe(Task<object> warmUp, string plugin, ILoggingAdapter log)
    {
        try
        {
            await warmUp;
        }
        catch (Exception e)
        {
            log.Warning("Persistence warm-up of the {0} did not answer: {1}", plugin, e.Message);
        }
    }
}
