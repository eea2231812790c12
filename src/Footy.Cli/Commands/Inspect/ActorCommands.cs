using System.CommandLine;
using System.Text;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy actor hierarchy</c>: the node's actor tree, children sorted by name.</summary>
internal static class ActorCommands
{
    public static Command Create()
    {
        var start = new Option<string>("--start", "-s") { Description = "Path to start from, e.g. /user", DefaultValueFactory = _ => "/" };
        var depth = new Option<int>("--depth", "-d") { Description = "Levels below the start to show", DefaultValueFactory = _ => 3 };
        return new Command("actor", "Inspect actors")
        {
            InspectCommand.Create("hierarchy", "The actor tree below a path", [start, depth],
                (c, p, ct) => c.GetAsync<ActorNode>($"/api/actors?path={Uri.EscapeDataString(p.GetValue(start)!)}&depth={p.GetValue(depth)}", ct),
                Tree),
        };
    }

    private static string Tree(ActorNode root)
    {
        var text = new StringBuilder();
        text.AppendLine(root.Path);
        Children(text, root, "");
        return text.ToString();
    }

    private static void Children(StringBuilder text, ActorNode node, string indent)
    {
        for (var i = 0; i < node.Children.Count; i++)
        {
            var last = i == node.Children.Count - 1;
            text.Append(indent).Append(last ? "└─ " : "├─ ").AppendLine(node.Children[i].Name);
            Children(text, node.Children[i], indent + (last ? "   " : "│  "));
        }
    }
}
