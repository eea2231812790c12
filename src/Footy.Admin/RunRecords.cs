using Footy.Daemon.Clips;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>
/// The run manifest, read from a goal's persisted clip events: one record per search attempt and one per clip
/// processed (kept, merged into a kept clip, replacing one, or rejected with its reason).
/// </summary>
public static class RunRecords
{
    public static RunRecord? From(string goal, long fixture, object evt) => evt switch
    {
        ClipEvents.ClipSearchAttempted a => new RunRecord(goal, fixture, "search", a.At, $"attempt {a.Attempt}",
            $"{a.Posts.Count} new post(s)" + (a.Posts.Count > 0 ? ": " + string.Join(", ", a.Posts) : ""), a.DurationSeconds,
            a.SourceFailures.Count == 0 ? "ok" : a.Posts.Count > 0 ? "partial" : "failed",
            a.SourceFailures.Count == 0 ? null : string.Join("; ", a.SourceFailures)),
        ClipEvents.ClipRejected r => new RunRecord(goal, fixture, "clip", r.At, r.PostId, "rejected", r.DurationSeconds, "rejected", r.Reason),
        ClipEvents.ClipStored s => new RunRecord(goal, fixture, "clip", s.At, string.Join(", ", s.Clip.Sources), $"stored {s.Clip.Key}", s.DurationSeconds, "stored", null),
        ClipEvents.ClipReplaced r => new RunRecord(goal, fixture, "clip", r.At, string.Join(", ", r.Clip.Sources), $"replaced {r.Clip.Key} with a better copy", r.DurationSeconds, "replaced", null),
        ClipEvents.ClipMerged m => new RunRecord(goal, fixture, "clip", m.At, string.Join(", ", m.Sources), $"duplicate of {m.Key} ({m.Popularity} copies)", m.DurationSeconds, "merged", null),
        _ => null,
    };
}
