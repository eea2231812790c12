namespace Footy.Discovery;

/// <summary>
/// A post that (probably) shows the goal. <paramref name="PostId"/> is the source's own id (tweet id, Reddit post
/// id, recording clip id) and is what callers put in <c>alreadySeenPostIds</c>. <paramref name="VideoUrl"/> is a
/// direct video file when the source knows one; <paramref name="PageUrl"/> is the post/page (for yt-dlp or the X
/// syndication resolver). At least one of the two is set.
/// </summary>
public sealed record DiscoveredClip(
    string PostId,
    string Source,
    Uri? VideoUrl,
    Uri? PageUrl,
    string Text,
    string? Author,
    DateTimeOffset PostedAt);

/// <summary>Why a source could not answer.</summary>
public enum SourceFailureKind
{
    /// <summary>The source has no endpoint configured: nothing was sent.</summary>
    NotConfigured,
    /// <summary>A non-success HTTP status (5xx after the retries ran out, or a 4xx other than 401/403/404/429).</summary>
    Http,
    /// <summary>HTTP 401/403: bad or missing credentials, or the service refuses us.</summary>
    Unauthorized,
    /// <summary>HTTP 404 (wrong base URL or endpoint).</summary>
    NotFound,
    /// <summary>HTTP 429 after the retries ran out.</summary>
    RateLimited,
    /// <summary>No complete answer within the time limit (after the retries).</summary>
    Timeout,
    /// <summary>Connection refused/reset, DNS failure, body cut short (after the retries).</summary>
    Network,
    /// <summary>A 2xx answer that is not the documented JSON shape.</summary>
    Malformed,
    /// <summary>The body exceeded the configured size cap.</summary>
    TooLarge,
    /// <summary>The circuit breaker is open after repeated failures: no request was sent.</summary>
    CircuitOpen,
}

public sealed record SourceFailure(SourceFailureKind Kind, string Message, int? HttpStatus = null)
{
    public override string ToString() => HttpStatus is { } s ? $"{Kind} (HTTP {s}): {Message}" : $"{Kind}: {Message}";
}

/// <summary>The clips a source found (possibly none), or why it could not search.</summary>
public sealed record SourceResult(IReadOnlyList<DiscoveredClip> Clips, SourceFailure? Failure)
{
    public bool Succeeded => Failure is null;

    public static SourceResult Ok(IReadOnlyList<DiscoveredClip> clips) => new(clips, null);

    public static SourceResult Failed(SourceFailure failure) => new([], failure ?? throw new ArgumentNullException(nameof(failure)));

    public static SourceResult Failed(SourceFailureKind kind, string message, int? status = null) => Failed(new SourceFailure(kind, message, status));
}

/// <summary>
/// A place where goal clips get posted. Contract for every implementation:
/// <list type="bullet">
/// <item>never returns a post posted before <see cref="GoalSearchRequest.Since"/>, nor one whose id is in <c>alreadySeenPostIds</c>;</item>
/// <item>returns at most its configured cap of clips (default 20), each post id once;</item>
/// <item>never throws for upstream trouble (failures come back in <see cref="SourceResult.Failure"/>); throws
/// <see cref="OperationCanceledException"/> only when the caller's token is cancelled;</item>
/// <item>every call is bounded in time, retried with backoff where a retry can help, and guarded by a circuit breaker.</item>
/// </list>
/// </summary>
public interface IClipSource
{
    /// <summary>Short name written to <see cref="DiscoveredClip.Source"/> ("search", "reddit"...).</summary>
    string Name { get; }

    Task<SourceResult> SearchAsync(GoalSearchRequest goal, IReadOnlySet<string> alreadySeenPostIds, CancellationToken ct);
}

/// <summary>The filtering rules every source applies before returning clips.</summary>
public static class PostFilter
{
    /// <summary>
    /// Keeps, in order, clips posted at or after <paramref name="since"/>, not in <paramref name="seen"/>, with at least
    /// one URL, each post id once; stops at <paramref name="max"/>.
    /// </summary>
    public static IReadOnlyList<DiscoveredClip> Apply(IEnumerable<DiscoveredClip> clips, DateTimeOffset since, IReadOnlySet<string>? seen, int max)
    {
        var result = new List<DiscoveredClip>();
        if (max <= 0) return result;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in clips)
        {
            if (c is null || string.IsNullOrEmpty(c.PostId)) continue;
            if (c.PostedAt < since) continue;
            if (seen is not null && seen.Contains(c.PostId)) continue;
            if (c.VideoUrl is null && c.PageUrl is null) continue;
            if (!ids.Add(c.PostId)) continue;
            result.Add(c);
            if (result.Count >= max) break;
        }
        return result;
    }
}
