using System.Collections.Immutable;
using Footy.Media;

namespace Footy.Domain.Goals;

/// <summary>A clip kept for a goal: where it is stored, what it is, and every post whose copy was merged into it.</summary>
public sealed record KeptClip(string Key, ClipProbe Probe, VideoFingerprint Fingerprint, string Md5, int Popularity, ImmutableSortedSet<string> Sources);

/// <summary>A post whose clip was not kept, and why.</summary>
public sealed record ClipRejection(string PostId, string Reason);

/// <summary>Something that held the hunt up without losing anything (the store down, the disk full), and how it ended.</summary>
public sealed record ClipSetback(DateTimeOffset At, string What);

/// <summary>
/// A goal's clip search: its schedule, the posts already seen, the clips kept and the ones rejected.
/// Rebuilt from <see cref="ClipEvents"/> by <see cref="Apply"/>.
/// </summary>
public sealed record ClipHunt(
    DateTimeOffset StartedAt,
    DateTimeOffset Since,
    string HomeTeam,
    string AwayTeam,
    int AttemptsMade,
    ImmutableSortedSet<string> SeenPosts,
    ImmutableList<KeptClip> Clips,
    ImmutableList<ClipRejection> Rejections,
    DateTimeOffset? FinishedAt)
{
    public bool Finished => FinishedAt is not null;

    /// <summary>What held the hunt up (outside the constructor so snapshots written before it existed still load).</summary>
    public ImmutableList<ClipSetback> Setbacks { get; init; } = [];

    public static ClipHunt Start(ClipEvents.ClipHuntStarted e) =>
        new(e.At, e.Since, e.HomeTeam, e.AwayTeam, 0, ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal),
            [], [], null);

    public DateTimeOffset NextAttemptAt(TimeSpan interval) => StartedAt + AttemptsMade * interval;

    /// <summary>The kept clips as shown and published: most copies seen first, then by key (stable across runs).</summary>
    public IReadOnlyList<KeptClip> ClipsBestFirst() =>
        Clips.OrderByDescending(c => c.Popularity).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> ClipKeys() => Clips.Select(c => c.Key).ToList();

    /// <summary>
    /// Clips deleted after a withdrawal take their posts with them: if the goal is confirmed again, its search finds those
    /// posts again instead of passing over them as seen.
    /// </summary>
    private ClipHunt Forget(IReadOnlyList<string> keys)
    {
        var deleted = Clips.Where(c => keys.Contains(c.Key)).ToList();
        return this with { Clips = Clips.RemoveRange(deleted), SeenPosts = SeenPosts.Except(deleted.SelectMany(c => c.Sources)) };
    }

    public ClipHunt Apply(ClipEvents.IClipEvent e) => e switch
    {
        ClipEvents.ClipHuntStarted => this,
        ClipEvents.ClipSearchAttempted a => this with { AttemptsMade = Math.Max(AttemptsMade, a.Attempt), SeenPosts = SeenPosts.Union(a.Posts) },
        ClipEvents.ClipRejected r => this with { Rejections = Rejections.Add(new ClipRejection(r.PostId, r.Reason)) },
        ClipEvents.ClipStored s => this with { Clips = Clips.RemoveAll(c => c.Key == s.Clip.Key).Add(s.Clip) },
        ClipEvents.ClipReplaced r => this with { Clips = Clips.Select(c => c.Key == r.Clip.Key ? r.Clip : c).ToImmutableList() },
        ClipEvents.ClipMerged m => this with
        {
            Clips = Clips.Select(c => c.Key == m.Key ? c with { Popularity = m.Popularity, Sources = c.Sources.Union(m.Sources) } : c).ToImmutableList(),
        },
        ClipEvents.ClipRemoved r => this with { Clips = Clips.RemoveAll(c => c.Key == r.Key) },
        ClipEvents.ClipHuntFinished f => this with { FinishedAt = f.At },
        ClipEvents.ClipHuntRestarted r => this with { StartedAt = r.At, AttemptsMade = 0, FinishedAt = null },
        ClipEvents.ClipsDeleted d => Forget(d.Keys),
        ClipEvents.ClipStorageRetried r => this with
        {
            Setbacks = Setbacks.Add(new ClipSetback(r.At,
                $"store unavailable: {r.Operation} of {r.Key} done after {r.Failures} failed tries over {r.WaitedSeconds:0.0} s (last: {r.LastFailure})")),
        },
        ClipEvents.ClipDownloadsDeferred d => this with
        {
            Setbacks = Setbacks.Add(new ClipSetback(d.At,
                $"disk below its free-space floor: {d.Downloads} downloads of attempt {d.Attempt} waited up to {d.WaitedSeconds:0.0} s")),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown clip event"),
    };
}
