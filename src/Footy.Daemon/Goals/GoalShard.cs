using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Clips;
using Footy.Daemon.Polling;
using Footy.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Goals;

/// <summary>Akka.Hosting registry key of the goal shard region.</summary>
public sealed class GoalRegion;

public static class GoalShard
{
    /// <summary>One <see cref="GoalActor"/> per goal, sharded; its attempts, store and the poller come from the node.</summary>
    public static AkkaConfigurationBuilder AddGoalShard(this AkkaConfigurationBuilder akka, IServiceProvider services,
        GoalSettings settings, IMessageExtractor extractor, ShardOptions shardOptions) =>
        akka.WithShardRegion<GoalRegion>(GoalActor.TypeName,
            (_, registry, _) => entityId => GoalActor.PropsFor(entityId, settings,
                services.GetRequiredService<ClipHuntAttempt>(), services.GetRequiredService<IClipStore>(), registry.Get<LivePoller>()),
            extractor, shardOptions);
}
