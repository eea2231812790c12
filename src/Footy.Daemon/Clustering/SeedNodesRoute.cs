using System.Collections.Immutable;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;
using static Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol;

namespace Footy.Daemon.Clustering;

/// <summary>
/// Cluster Bootstrap's contact-point route, <c>GET /bootstrap/seed-nodes</c>: the answer Akka.Management's
/// <c>HttpClusterBootstrapRoutes</c> gives, built from the library's own <see cref="HttpBootstrapJsonProtocol.SeedNodes"/> and
/// serialized with Newtonsoft as it does, because the probes of other nodes read it with
/// <c>JsonConvert.DeserializeObject&lt;SeedNodes&gt;</c>. A node that is leaving or gone offers no seed nodes.
/// </summary>
public static class SeedNodesRoute
{
    public const string Path = "/bootstrap/seed-nodes";

    public static string Json(Akka.Cluster.Cluster cluster, int maxSeedNodes) => JsonConvert.SerializeObject(Answer(cluster, maxSeedNodes));

    public static SeedNodes Answer(Akka.Cluster.Cluster cluster, int maxSeedNodes)
    {
        var self = cluster.SelfMember;
        if (self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed)
            return new SeedNodes(self.UniqueAddress.Address, ImmutableList<ClusterMember>.Empty);
        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m))
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
            .Take(maxSeedNodes)
            .Select(m => new ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToArray();
        // Shuffled as the library does, so joining nodes do not all pick the same seed node first.
        Random.Shared.Shuffle(members);
        return new SeedNodes(self.UniqueAddress.Address, members.ToImmutableList());
    }
}
