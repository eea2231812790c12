using System.CommandLine;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy sharding ...</c>: where the fixture and goal entities live.</summary>
internal static class ShardingCommands
{
    public static Command Create()
    {
        var region = new Option<string>("--region", "-r") { Description = "Entity type: fixture or goal", Required = true };
        var type = new Argument<string>("type") { Description = "Entity type: fixture or goal" };
        var id = new Argument<string>("entity-id") { Description = "Entity id, e.g. 979139 or 979139-2" };
        return new Command("sharding", "Inspect cluster sharding")
        {
            InspectCommand.Create("regions", "Shard regions on this node with their shard and entity counts", [],
                (c, _, ct) => c.GetAsync<List<RegionView>>("/api/sharding/regions", ct),
                v => TextTable.Render(["TYPE", "SHARDS", "ENTITIES"], v.Select(r => (IReadOnlyList<string?>)[r.TypeName, r.LocalShards.ToString(), r.LocalEntities.ToString()]))),
            InspectCommand.Create("region-stats", "Shards and entity counts of one entity type on every node of the cluster", [region],
                (c, p, ct) => c.GetAsync<RegionStats>($"/api/sharding/regions/{Uri.EscapeDataString(p.GetValue(region)!)}", ct),
                v => TextTable.Render(["NODE", "SHARDS", "ENTITIES", "FAILED"], v.Regions.Select(r => (IReadOnlyList<string?>)
                    [r.Address, r.EntitiesPerShard.Count.ToString(), r.EntitiesPerShard.Values.Sum().ToString(), r.FailedShards.Count == 0 ? "-" : string.Join(",", r.FailedShards)]))),
            InspectCommand.Create("shard-stats", "Every shard on this node with its entity count", [],
                (c, _, ct) => c.GetAsync<List<ShardView>>("/api/sharding/shards", ct),
                v => TextTable.Render(["TYPE", "SHARD", "ENTITIES"], v.Select(s => (IReadOnlyList<string?>)[s.TypeName, s.ShardId, s.Entities.ToString()]))),
            InspectCommand.Create("locate", "The shard and node of an entity, and its actor when it is running", [type, id],
                (c, p, ct) => c.GetAsync<EntityPlacement>($"/api/sharding/locate/{Uri.EscapeDataString(p.GetValue(type)!)}/{Uri.EscapeDataString(p.GetValue(id)!)}", ct),
                v => TextTable.Pairs([("Type", v.TypeName), ("Entity", v.EntityId), ("Shard", v.ShardId), ("Node", v.Address), ("Actor", v.RunningActor ?? "(not running)")])),
        };
    }
}
