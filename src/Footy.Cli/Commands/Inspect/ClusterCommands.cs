using System.CommandLine;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy cluster ...</c>: membership as the node sees it, and the operator's membership actions.</summary>
internal static class ClusterCommands
{
    public static Command Create()
    {
        var address = () => new Argument<string>("address") { Description = "A member's address, e.g. akka.tcp://footy@10.0.0.5:8110" };
        var down = address();
        var join = address();
        return new Command("cluster", "Inspect and manage the Akka.NET cluster")
        {
            InspectCommand.Create("show", "This node: address, roles, status, leader, members and reachability, app version", [],
                (c, _, ct) => c.GetAsync<ClusterView>("/api/cluster", ct), Show),
            InspectCommand.Create("status", "Every member with its status and reachability", [],
                (c, _, ct) => c.GetAsync<ClusterView>("/api/cluster", ct), Members),
            InspectCommand.Create("leader", "The cluster leader's address", [],
                (c, _, ct) => c.GetAsync<ClusterView>("/api/cluster", ct), v => (v.Leader ?? "(no leader)") + Environment.NewLine),
            InspectCommand.Stream<ClusterChange>("tail", "Stream membership and reachability events until Ctrl-C", "/api/cluster/tail",
                e => $"{TextTable.Time(e.At)}  {e.Event,-20} {e.Address}  {e.Status}"),
            InspectCommand.Create("leave", "Make this node leave the cluster gracefully", [],
                (c, _, ct) => c.PostAsync<ClusterActionResult>("/api/cluster/leave", ct), Action),
            InspectCommand.Create("down", "Mark a member as down", [down],
                (c, p, ct) => c.PostAsync<ClusterActionResult>($"/api/cluster/down?address={Uri.EscapeDataString(p.GetValue(down)!)}", ct), Action),
            InspectCommand.Create("join", "Make this node join the cluster at an address", [join],
                (c, p, ct) => c.PostAsync<ClusterActionResult>($"/api/cluster/join?address={Uri.EscapeDataString(p.GetValue(join)!)}", ct), Action),
            InspectCommand.Create("down-unreachable", "Mark every unreachable member as down", [],
                (c, _, ct) => c.PostAsync<ClusterActionResult>("/api/cluster/down-unreachable", ct), Action),
        };
    }

    private static string Show(ClusterView v) =>
        TextTable.Pairs([
            ("Address", v.SelfAddress), ("Roles", string.Join(", ", v.Roles)), ("Status", v.Status), ("Leader", v.Leader),
            ("Version", v.Version), ("Members", v.Members.Count.ToString()), ("Unreachable", v.Unreachable.Count == 0 ? "none" : string.Join(", ", v.Unreachable)),
        ]) + Environment.NewLine + Members(v);

    private static string Members(ClusterView v) =>
        TextTable.Render(["ADDRESS", "STATUS", "REACHABLE", "ROLES"],
            v.Members.Select(m => (IReadOnlyList<string?>)[m.Address, m.Status, m.Reachable ? "yes" : "NO", string.Join(",", m.Roles)]));

    private static string Action(ClusterActionResult r) =>
        r.Addresses.Count == 0 ? $"{r.Action}: nothing to do{Environment.NewLine}" : $"{r.Action}: {string.Join(", ", r.Addresses)}{Environment.NewLine}";
}
