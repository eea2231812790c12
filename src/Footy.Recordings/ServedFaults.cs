namespace Footy.Recordings;

/// <summary>The part of <see cref="RecordingServer"/> a request is for.</summary>
public enum ServedEndpoint
{
    /// <summary>API-Football: <c>GET /fixtures?date=</c> and <c>GET /fixtures?ids=</c>.</summary>
    Fixtures,
    /// <summary>The video search service: <c>GET /search</c>.</summary>
    Search,
    /// <summary>A clip download: <c>GET /clips/&lt;file&gt;</c>.</summary>
    Clip,
}

/// <summary>
/// What <see cref="RecordingServer"/> does instead of its recorded answer: the upstream faults a recording cannot
/// hold (timeouts, slow or cut bodies, redirect loops, endless bodies) or that a test wants at a given moment.
/// </summary>
public abstract record ServedFault
{
    private ServedFault()
    {
    }

    /// <summary>Answers with this status (e.g. 503, 403, or 429 with <c>Retry-After</c>) and a short body.</summary>
    public sealed record Status(int Code, string Text = "", TimeSpan? RetryAfter = null) : ServedFault;

    /// <summary>Waits, then answers as recorded: a slow upstream, or past the client's time limit a hanging one.</summary>
    public sealed record Delay(TimeSpan Wait) : ServedFault;

    /// <summary>Sends the recorded answer in ten pieces spread over <see cref="Duration"/>.</summary>
    public sealed record SlowBody(TimeSpan Duration) : ServedFault;

    /// <summary>Declares the recorded answer's full length, sends half of it, then drops the connection.</summary>
    public sealed record CutShort : ServedFault;

    /// <summary>Answers 200 with this body instead of the recorded one (garbage, an HTML page, not a video).</summary>
    public sealed record Body(string ContentType, byte[] Bytes) : ServedFault;

    /// <summary>Answers 302 to <see cref="Location"/> (a loop when it points back at the same path).</summary>
    public sealed record Redirect(string Location) : ServedFault;

    /// <summary>Answers 200 with <see cref="Head"/> followed by zeros that never end, until the client gives up.</summary>
    public sealed record Endless(string ContentType, byte[] Head) : ServedFault;
}

/// <summary>Decides for each request whether <see cref="RecordingServer"/> injects a fault; asked with the replay's virtual time.</summary>
public interface IServedFaults
{
    /// <summary>The fault to serve, or null for the recorded answer. Called concurrently, once per request.</summary>
    ServedFault? FaultFor(ServedEndpoint endpoint, string pathAndQuery, DateTimeOffset now);
}
