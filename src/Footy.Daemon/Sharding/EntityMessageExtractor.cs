using Akka.Cluster.Sharding;

namespace Footy.Daemon.Sharding;

/// <summary>A message addressed to one sharded entity.</summary>
public interface IEntityMessage
{
    string EntityId { get; }
}

/// <summary>
/// Routes <see cref="IEntityMessage"/>s by entity id; the base class hashes ids with a stable hash
/// (never string.GetHashCode, which differs between processes), so shard placement survives restarts.
/// </summary>
public sealed class EntityMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IEntityMessage m => m.EntityId,
        _ => null,
    };
}
