using System.Collections.Immutable;
using Footy.Media;

namespace Footy.Daemon.Clips;

/// <summary>A clip kept for a goal: where it is stored, what it is, and every post whose copy was merged into it.</summary>
public sealed record KeptClip(string Key, ClipProbe Probe, VideoFingerprint Fingerprint, string Md5, int Popularity, ImmutableSortedSet<string> Sources);

/// <summary>A post whose clip was not kept, and why.</summary>
public sealed record ClipRejection(string PostId, string Reason);

/// <summary>Something that held the hunt up without losing anything (the store down, the disk full), and how it ended.</summary>
public sealed record ClipSetback(DateTimeOffset At, string What);

public static class ClipEvents
{
    public interface IClipEvent
    {
        DateTimeOffset At { get; }
    }

    /// <summary>The goal was confirmed: look for its clips from now on, posted since <see cref="Since"/>.</summary>
    public sealed record ClipHuntStarted(DateTimeOffset At, DateTimeOffset Since, string HomeTeam, string AwayTeam) : IClipEvent;

    /// <summary>One search attempt: the new posts it found (from now on seen) and the sources that failed.</summary>
    public sealed record ClipSearchAttempted(DateTimeOffset At, int Attempt, IReadOnlyList<string> Posts, IReadOnlyList<string> SourceFailures, double? DurationSeconds = null) : IClipEvent;

    public sealed record ClipRejected(DateTimeOffset At, string PostId, string Reason, double? DurationSeconds = null) : IClipEvent;

    public sealed record ClipStored(DateTimeOffset At, KeptClip Clip, double? DurationSeconds = null) : IClipEvent;

    /// <summary>A better copy replaced a kept clip's bytes under the same key (shared links keep working).</summary>
    public sealed record ClipReplaced(DateTimeOffset At, KeptClip Clip, double? DurationSeconds = null) : IClipEvent;

    /// <summary>More copies of a kept clip were seen: its popularity and sources grew.</summary>
    public sealed record ClipMerged(DateTimeOffset At, string Key, int Popularity, IReadOnlyList<string> Sources, double? DurationSeconds = null) : IClipEvent;

    /// <summary>A kept clip turned out to be a copy of another kept clip (a new post matched both): removed.</summary>
    public sealed record ClipRemoved(DateTimeOffset At, string Key) : IClipEvent;

    public sealed record ClipHuntFinished(DateTimeOffset At) : IClipEvent;

    /// <summary>An operator asked for another round of search attempts; posts already seen stay seen, kept clips stay kept.</summary>
    public sealed record ClipHuntRestarted(DateTimeOffset At) : IClipEvent;

    /// <summary>The store was unavailable for a write of this clip (upload, metadata update, delete): it waited and was retried until done.</summary>
    public sealed record ClipStorageRetried(DateTimeOffset At, string Key, string Operation, int Failures, string LastFailure, double WaitedSeconds) : IClipEvent;

    /// <summary>The data directory's disk was below its free-space floor: this attempt's downloads waited for room.</summary>
    public sealed record ClipDownloadsDeferred(DateTimeOffset At, int Attempt, int Downloads, double WaitedSeconds) : IClipEvent;

    /// <summary>The goal was withdrawn: its stored clips were deleted.</summary>
    public sealed record ClipsDeleted(DateTimeOffset At, IReadOnlyList<string> Keys) : IClipEvent;
}

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
        ClipEvents.ClipsDeleted d => this with { Clips = Clips.RemoveAll(c => d.Keys.Contains(c.Key)) },
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
