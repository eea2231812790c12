using Akka.Actor;
using Akka.Cluster.Sharding;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>The <c>footy sharding</c> commands: where the fixture and goal entities live.</summary>
public sealed class ShardingInspector(ActorSystem system, TimeSpan timeout)
{
    private ClusterSharding Sharding => ClusterSharding.Get(system);

    public IReadOnlyList<string> TypeNames => Sharding.ShardTypeNames.Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<RegionView>> RegionsAsync(CancellationToken ct)
    {
        var views = new List<RegionView>();
        foreach (var type in TypeNames)
        {
            var state = await LocalStateAsync(type, ct);
            views.Add(new RegionView(type, state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count)));
        }
        return views;
    }

    public async Task<RegionStats> RegionStatsAsync(string typeName, CancellationToken ct)
    {
        var stats = await Region(typeName).Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + timeout, ct);
        // The asking node's own region has a local address: name it as every other node does, so all nodes answer alike.
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var regions = stats.Regions
            .Select(r => (Address: r.Key.HasLocalScope ? self : r.Key, r.Value))
            .OrderBy(r => r.Address.ToString(), StringComparer.Ordinal)
            .Select(r => new RegionShards(r.Address.ToString(),
                new SortedDictionary<string, int>(r.Value.Stats.ToDictionary(s => s.Key, s => s.Value), StringComparer.Ordinal),
                r.Value.Failed.Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return new RegionStats(typeName, regions);
    }

    public async Task<IReadOnlyList<ShardView>> ShardStatsAsync(CancellationToken ct)
    {
        var shards = new List<ShardView>();
        foreach (var type in TypeNames)
        {
            var state = await LocalStateAsync(type, ct);
            shards.AddRange(state.Shards
                .OrderBy(s => int.TryParse(s.ShardId, out var n) ? n : int.MaxValue).ThenBy(s => s.ShardId, StringComparer.Ordinal)
                .Select(s => new ShardView(type, s.ShardId, s.EntityIds.Count)));
        }
        return shards;
    }

    /// <summary>Where an entity lives (or would live): its shard, the region's node, and its actor if it is running.</summary>
    public async Task<EntityPlacement> LocateAsync(string typeName, string entityId, CancellationToken ct)
    {
        var location = await Region(typeName).Ask<EntityLocation>(new GetEntityLocation(entityId, timeout), timeout + timeout, ct);
        var address = location.ShardRegion;
        var host = address.HasLocalScope ? Akka.Cluster.Cluster.Get(system).SelfAddress : address;
        return new EntityPlacement(typeName, entityId, location.ShardId, host.ToString(),
            location.EntityRef.HasValue ? location.EntityRef.Value.Path.ToStringWithoutAddress() : null);
    }

    private Task<CurrentShardRegionState> LocalStateAsync(string typeName, CancellationToken ct) =>
        Region(typeName).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout, ct);

    private IActorRef Region(string typeName) =>
        TypeNames.Contains(typeName, StringComparer.Ordinal)
            ? Sharding.ShardRegion(typeName)
            : throw new ArgumentException($"no shard region '{typeName}' (known: {string.Join(", ", TypeNames)})");
}
