using Akka.Actor;
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

    public static void Start(ActorSystem system)
    {
        var persistence = Akka.Persistence.Persistence.Instance.Apply(system);
        persistence.SnapshotStoreFor(null).Tell(new LoadSnapshot(PersistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), ActorRefs.NoSender);
        persistence.JournalFor(null).Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, PersistenceId, ActorRefs.NoSender), ActorRefs.NoSender);
    }
}
