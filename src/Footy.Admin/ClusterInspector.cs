using System.Reflection;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>The <c>footy cluster</c> commands: membership as this node sees it, and the operator's membership actions.</summary>
public sealed class ClusterInspector(ActorSystem system)
{
    public static string AppVersion { get; } =
        typeof(ClusterInspector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ClusterInspector).Assembly.GetName().Version?.ToString() ?? "unknown";

    private Cluster Cluster => Cluster.Get(system);

    public string SelfAddress => Cluster.SelfAddress.ToString();

    public ClusterView Show()
    {
        var cluster = Cluster;
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), m.Roles.Order(StringComparer.Ordinal).ToList(),
                !state.Unreachable.Contains(m)))
            .ToList();
        return new ClusterView(cluster.SelfAddress.ToString(), cluster.SelfRoles.Order(StringComparer.Ordinal).ToList(),
            cluster.SelfMember.Status.ToString(), state.Leader?.ToString(), AppVersion, members, unreachable);
    }

    public ClusterActionResult Leave()
    {
        Cluster.Leave(Cluster.SelfAddress);
        return new ClusterActionResult("leave", [Cluster.SelfAddress.ToString()]);
    }

    public ClusterActionResult Down(string address)
    {
        var target = ParseMember(address);
        Cluster.Down(target);
        return new ClusterActionResult("down", [target.ToString()]);
    }

    public ClusterActionResult Join(string address)
    {
        var target = ParseAddress(address);
        Cluster.Join(target);
        return new ClusterActionResult("join", [target.ToString()]);
    }

    public ClusterActionResult DownUnreachable()
    {
        var unreachable = Cluster.State.Unreachable.Select(m => m.Address).ToList();
        foreach (var address in unreachable) Cluster.Down(address);
        return new ClusterActionResult("down-unreachable", unreachable.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Membership and reachability changes from now on (the current state first), until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<ClusterChange> TailAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<ClusterChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        var listener = system.ActorOf(Props.Create(() => new ClusterChangeListener(channel.Writer, system.Scheduler)));
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(ct)) yield return change;
        }
        finally
        {
            system.Stop(listener);
        }
    }

    private Address ParseMember(string address)
    {
        var target = ParseAddress(address);
        if (!Cluster.State.Members.Any(m => m.Address.Equals(target)) && !Cluster.State.Unreachable.Any(m => m.Address.Equals(target)))
            throw new ArgumentException($"{target} is not a member of this cluster");
        return target;
    }

    private static Address ParseAddress(string address)
    {
        try
        {
            return Address.Parse(address);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new ArgumentException($"'{address}' is not a cluster address (expected akka.tcp://footy@host:port)");
        }
    }

    private sealed class ClusterChangeListener : ReceiveActor
    {
        public ClusterChangeListener(ChannelWriter<ClusterChange> changes, IScheduler scheduler)
        {
            var cluster = Cluster.Get(Context.System);
            Receive<ClusterEvent.CurrentClusterState>(state =>
            {
                foreach (var member in state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal))
                    changes.TryWrite(new ClusterChange(scheduler.Now, "Current", member.Address.ToString(), member.Status.ToString()));
            });
            Receive<ClusterEvent.IMemberEvent>(e =>
                changes.TryWrite(new ClusterChange(scheduler.Now, e.GetType().Name, e.Member.Address.ToString(), e.Member.Status.ToString())));
            Receive<ClusterEvent.ReachabilityEvent>(e =>
                changes.TryWrite(new ClusterChange(scheduler.Now, e.GetType().Name, e.Member.Address.ToString(), e.Member.Status.ToString())));
            Receive<ClusterEvent.LeaderChanged>(e =>
                changes.TryWrite(new ClusterChange(scheduler.Now, "LeaderChanged", e.Leader?.ToString() ?? "", null)));
            cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.ReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
        }

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
