namespace Footy.Domain.Goals;

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
