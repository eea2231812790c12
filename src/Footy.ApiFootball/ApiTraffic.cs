using Footy.Domain.Fixtures;

namespace Footy.ApiFootball;

/// <summary>Sees every HTTP response the client actually received (used by <c>footy record</c>).</summary>
public interface IApiTrafficObserver
{
    /// <summary>
    /// Called once per response received (retried attempts included), after its whole body was read, before the
    /// client interprets it. Not called for attempts that got no response (timeout, network) nor for bodies over
    /// the size cap. Must be quick and must not throw (exceptions are logged and swallowed).
    /// </summary>
    void OnResponse(ApiTraffic traffic);
}

/// <summary>One HTTP response: which call it answered, its status and its body as text.</summary>
public sealed record ApiTraffic(
    ApiRequestKind Kind,
    DateOnly? Date,
    IReadOnlyList<FixtureId>? Ids,
    int HttpStatus,
    string Body,
    DateTimeOffset At);

public enum ApiRequestKind
{
    FixturesByDate,
    FixturesByIds,
}
