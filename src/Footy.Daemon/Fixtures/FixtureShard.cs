using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Footy.Daemon.Goals;
using Footy.Daemon.Polling;
using Footy.Daemon.Sharding;

namespace Footy.Daemon.Fixtures;

/// <summary>Akka.Hosting registry key of the fixture shard region.</summary>
public sealed class FixtureRegion;

/// <summary>A command or query for one <see cref="FixtureActor"/>: only these travel through the fixture region.</summary>
public interface IFixtureMessage : IEntityMessage;

public static class FixtureShard
{
    /// <summary>One <see cref="FixtureActor"/> per fixture, sharded; it tells the goal region and the poller.</summary>
    public static AkkaConfigurationBuilder AddFixtureShard(this AkkaConfigurationBuilder akka,
        int gracePolls, int snapshotEvery, TimeSpan goalTimeout, TimeSpan passivateAfter, IMessageExtractor extractor, ShardOptions shardOptions) =>
        akka.WithShardRegion<FixtureRegion>(FixtureActor.TypeName,
            (_, registry, _) => entityId => FixtureActor.PropsFor(
                entityId, registry.GetGoalRegion(), registry.Get<LivePoller>(), gracePolls, snapshotEvery, goalTimeout, passivateAfter),
            extractor, shardOptions);

    public static async Task<EntityRegion<IFixtureMessage>> GetFixtureRegionAsync(this IReadOnlyActorRegistry registry, CancellationToken ct = default) =>
        new(await registry.GetAsync<FixtureRegion>(ct));
}
