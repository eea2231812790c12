using Akka.Actor;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>
/// <c>footy actor hierarchy</c>: the node's actors read from the actor cells' child containers (no messages, so
/// no waiting for replies or timing out), children sorted by name, so the same system prints the same tree.
/// </summary>
public sealed class ActorTree(ActorSystem system)
{
    public const int MaxDepth = 20;

    public ActorNode Read(string path, int depth)
    {
        if (depth is < 0 or > MaxDepth) throw new ArgumentException($"depth must be between 0 and {MaxDepth}");
        var root = Resolve(path);
        return Node(root, depth);
    }

    private IActorRef Resolve(string path)
    {
        IActorRef current = ((ExtendedActorSystem)system).Provider.RootGuardian;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = ChildrenOf(current).FirstOrDefault(c => c.Path.Name == name);
            current = next ?? throw new KeyNotFoundException($"no actor at {path}");
        }
        return current;
    }

    private static ActorNode Node(IActorRef actor, int depth)
    {
        var children = depth == 0
            ? []
            : ChildrenOf(actor).OrderBy(c => c.Path.Name, StringComparer.Ordinal).Select(c => Node(c, depth - 1)).ToList();
        var path = actor.Path.ToStringWithoutAddress();
        return new ActorNode(path, actor.Path.Name == "" ? "/" : actor.Path.Name, children);
    }

    private static IEnumerable<IActorRef> ChildrenOf(IActorRef actor) =>
        actor is ActorRefWithCell cell ? cell.Children : [];
}
