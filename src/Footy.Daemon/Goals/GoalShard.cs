using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Clips;
using Footy.Daemon.Polling;
using Footy.Daemon.Sharding;
using Footy.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Goals;

/// <summary>Akka.Hosting registry key of the goal shard region.</summary>
public sealed class GoalRegion;

/// <summary>A command or query for one <see cref="GoalActor"/>: only these travel through the goal region.</summary>
public interface IGoalMessage : IEntityMessage;

public static class GoalShard
{
    /// <summary>One <see cref="GoalActor"/> per goal, sharded; its attempts, store and the poller come from the node.</summary>
    public static AkkaConfigurationBuilder AddGoalShard(this AkkaConfigurationBuilder akka, IServiceProvider services,
        GoalSettings settings, IMessageExtractor extractor, ShardOptions shardOptions) =>
        akka.WithShardRegion<GoalRegion>(GoalActor.TypeName,
            (_, registry, _) => entityId => GoalActor.PropsFor(entityId, settings,
                services.GetRequiredService<ClipHuntAttempt>(), services.GetRequiredService<IClipStore>(), registry.Get<LivePoller>()),
            extractor, shardOptions);

    public static EntityRegion<IGoalMessage> GetGoalRegion(this IReadOnlyActorRegistry registry) => new(registry.Get<GoalRegion>());

    public static async Task<EntityRegion<IGoalMessage>> GetGoalRegionAsync(this IReadOnlyActorRegistry registry, CancellationToken ct = default) =>
        new(await registry.GetAsync<GoalRegion>(ct));
}
