using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;

namespace Footy.Daemon.Fixtures;

/// <summary>Akka.Hosting registry key of the fixture shard region.</summary>
public sealed class FixtureRegion;

public static class FixtureShard
{
    /// <summary>One <see cref="FixtureActor"/> per fixture, sharded; it tells the goal region and the poller.</summary>
    public static AkkaConfigurationBuilder AddFixtureShard(this AkkaConfigurationBuilder akka,
        int gracePolls, int snapshotEvery, TimeSpan goalTimeout, TimeSpan passivateAfter, IMessageExtractor extractor, ShardOptions shardOptions) =>
        akka.WithShardRegion<FixtureRegion>(FixtureActor.TypeName,
            (_, registry, _) => entityId => FixtureActor.PropsFor(
                entityId, registry.Get<GoalRegion>(), registry.Get<LivePoller>(), gracePolls, snapshotEvery, goalTimeout, passivateAfter),
            extractor, shardOptions);
}
