using System.Collections.Concurrent;
using Footy.Recordings;

namespace Footy.Daemon.Tests.Faults.Upstream;

/// <summary>One request the recording's server received, at the replay's virtual time, and the fault it served (null: the recorded answer).</summary>
public sealed record ServedRequest(ServedEndpoint Endpoint, string PathAndQuery, DateTimeOffset At, ServedFault? Fault);

/// <summary>
/// A fault plan for the recording's server: a rule picks the fault for each request, and every request is logged, so
/// a test can count what reached the upstream during a storm.
/// </summary>
public sealed class ServedFaultPlan(Func<ServedEndpoint, string, DateTimeOffset, ServedFault?> rule) : IServedFaults
{
    private readonly ConcurrentQueue<ServedRequest> _requests = new();

    /// <summary>Serves the recording as it is, only logging the requests.</summary>
    public static ServedFaultPlan None() => new((_, _, _) => null);

    public IReadOnlyList<ServedRequest> Requests => _requests.ToList();

    public ServedFault? FaultFor(ServedEndpoint endpoint, string pathAndQuery, DateTimeOffset now)
    {
        var fault = rule(endpoint, pathAndQuery, now);
        _requests.Enqueue(new ServedRequest(endpoint, pathAndQuery, now, fault));
        return fault;
    }

    /// <summary>API-Football requests whose virtual time falls within [from, to].</summary>
    public int ApiRequestsBetween(DateTimeOffset from, DateTimeOffset to) =>
        Requests.Count(r => r.Endpoint == ServedEndpoint.Fixtures && r.At >= from && r.At <= to);
}
