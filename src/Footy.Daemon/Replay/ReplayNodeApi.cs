using System.Text.Json;

namespace Footy.Daemon.Replay;

/// <summary>
/// What a node of a multi-node replay answers its coordinator over HTTP on 127.0.0.1 (<see cref="ReplayNode"/>): the
/// coordinator drives the virtual clock and the poll ticks, and reads each node's view of the cluster.
/// </summary>
public static class ReplayNodeApi
{
    /// <summary><c>POST /tick?at=unixMilliseconds</c>: set the node's clock and have the poller singleton run that poll.</summary>
    public const string TickPath = "/tick";

    /// <summary>
    /// <c>POST /clock?at=unixMilliseconds</c>: set the node's virtual clock only. Every node reads the poll's time, not just
    /// the one the tick goes through: the node hosting the poller and what the inspection commands report depend on it.
    /// </summary>
    public const string ClockPath = "/clock";

    /// <summary><c>GET /clip-work</c>: <see cref="ClipWork"/>, how many clips this node is downloading, hashing or uploading.</summary>
    public const string ClipWorkPath = "/clip-work";

    /// <summary><c>GET /state</c>: the node's <see cref="NodeState"/>.</summary>
    public const string StatePath = "/state";

    /// <summary><c>GET /summary</c>: the published summary, as <see cref="Summary.MatchdaySummary.ToJson"/> writes it.</summary>
    public const string SummaryPath = "/summary";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// How a tick ended. <see cref="Interrupted"/>: a member became unreachable while the poll ran, or the poller did not
    /// answer at all (its node was leaving, handing the singleton over), so its outcome is unknown until the cluster has
    /// settled (the coordinator then asks the poller whether the poll was completed).
    /// </summary>
    public sealed record TickAnswer(bool Completed, bool Interrupted, string? Error, Polling.PollCycleReport? Report);

    /// <summary>
    /// One node's view: whether it is an Up member, the Up members and how many are unreachable as it sees them, the
    /// address of the oldest Up member (which hosts the poller singleton), the poller's progress when it answered, and
    /// the fixtures and goals this node's shard regions host right now.
    /// </summary>
    public sealed record NodeState(
        bool Up,
        string Self,
        IReadOnlyList<string> UpMembers,
        int Unreachable,
        string? PollerNode,
        PollerProgress? Poller,
        IReadOnlyList<string> Fixtures,
        IReadOnlyList<string> Goals);

    /// <summary>The poller's last completed poll, whether any fixture is still polled, and how many clip searches are open.</summary>
    public sealed record PollerProgress(DateTimeOffset? LastCycleAt, bool Polling, int OpenHunts);

    /// <summary>How many clips the node's pipeline is downloading, hashing or uploading right now.</summary>
    public sealed record ClipWork(int InFlight);
}
