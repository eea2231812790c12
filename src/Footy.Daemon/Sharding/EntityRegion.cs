using Akka.Actor;

namespace Footy.Daemon.Sharding;

/// <summary>
/// A shard region that accepts only its own entities' messages, so a message sent to the wrong region does not compile.
/// Akka's own sharding queries (region state, stats) go through <see cref="Ref"/>.
/// </summary>
public sealed class EntityRegion<TMessage>(IActorRef region) where TMessage : IEntityMessage
{
    public IActorRef Ref { get; } = region;

    public void Tell(TMessage message) => Ref.Tell(message);

    public Task<TAnswer> Ask<TAnswer>(TMessage message, TimeSpan timeout, CancellationToken ct = default) =>
        Ref.Ask<TAnswer>(message, timeout, ct);
}
