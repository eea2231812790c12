namespace Footy.Daemon.Replay;

/// <summary>
/// A node taken down during poll <see cref="Poll"/> of a multi-node replay, <see cref="Delay"/> after the poll's tick was sent
/// (null: <see cref="ClusterReplay.FaultDelay"/>; a poll that ends sooner holds the next one until the fault has landed): <see cref="Node"/> is a node number (1..N), <c>poller</c> (whichever node
/// hosts the poller singleton at that moment) or <c>clips</c> (from that poll on, the first node seen downloading, hashing
/// or uploading clips, one not hosting the poller when there is one). A kill is a SIGKILL (a crash); a graceful one a
/// SIGTERM (the node leaves the cluster, handing its shards and the singleton over first).
/// </summary>
public sealed record NodeFault(string Node, int Poll, bool Graceful, TimeSpan? Delay = null)
{
    public const string Poller = "poller";
    public const string ClipWorker = "clips";

    /// <summary>Parses <c>NODE@POLL</c>; null with the reason in <paramref name="error"/> when it is not one.</summary>
    public static NodeFault? Parse(string text, bool graceful, int nodes, out string? error)
    {
        error = null;
        var at = text.IndexOf('@');
        var node = at < 0 ? "" : text[..at].Trim().ToLowerInvariant();
        if (at < 0 || !int.TryParse(text[(at + 1)..], out var poll) || poll < 1)
            error = $"'{text}' is not NODE@POLL (e.g. 2@120 or poller@200, polls counted from 1)";
        else if (node != Poller && node != ClipWorker && !(int.TryParse(node, out var n) && n >= 1 && n <= nodes))
            error = $"'{text}': NODE must be a node number from 1 to {nodes}, '{Poller}' or '{ClipWorker}'";
        else
            return new NodeFault(node, poll, graceful);
        return null;
    }

    public override string ToString() => $"{Node}@{Poll}";
}
