using Akka.Actor;
using Akka.Pattern;

namespace Footy.Daemon.Persistence;

/// <summary>
/// Restarts a persistent actor that runs outside sharding (the poller singleton) with exponential back-off when
/// the journal stops it: Akka stops a persistent actor whose write or recovery fails, and a cluster singleton's
/// manager never starts a stopped singleton again, which would end all polling until the process restarts.
/// Sharded entities need none of this: their shard restarts them (remember-entities).
/// </summary>
public static class JournalBackoff
{
    public static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public static Props Supervise(Props persistentActor, string childName) =>
        BackoffSupervisor.Props(persistentActor, childName, MinBackoff, MaxBackoff, randomFactor: 0.2);
}
