using Footy.Domain.Goals;

namespace Footy.ReadModel;

/// <summary>
/// A fixture as a store keeps it: what is published, plus what the projection needs to fold the next event in
/// (<see cref="GracePollsLeft"/>, <see cref="LastObservedAt"/>: the fixture's lifecycle) and the sequence number of the
/// last event of the fixture applied, so an event delivered twice changes nothing.
/// <see cref="Phase"/> is the lifecycle's phase (staging, active, finishing, finished).
/// </summary>
public sealed record FixtureDocument(
    long Id,
    DateTimeOffset Kickoff,
    string Phase,
    string UpstreamStatus,
    int? Elapsed,
    string League,
    string? Country,
    string Home,
    string Away,
    int? HomeGoals,
    int? AwayGoals,
    DateTimeOffset LastActivity,
    int GracePollsLeft,
    DateTimeOffset? LastObservedAt,
    long SequenceNr)
{
    /// <summary>The UTC day the fixture is listed under.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Kickoff.UtcDateTime);

    /// <summary>A finishing fixture (ended upstream, still polled for late changes) is finished for a reader.</summary>
    public PublishedFixture Publish(IReadOnlyList<PublishedGoal> goals) => new(
        Id, Kickoff, Phase == "finishing" ? "finished" : Phase, UpstreamStatus, Elapsed, League, Country, Home, Away,
        HomeGoals, AwayGoals, LastActivity, goals);
}

/// <summary>
/// A goal as a store keeps it, with its kept clips best first. <see cref="State"/> is its <see cref="GoalStateNames"/> name;
/// <see cref="WasConfirmed"/> tells a cancelled goal readers saw confirmed from one that never was (not published);
/// <see cref="HuntOpen"/> is true from the start of its clip search (or an operator's restart of it) to its end;
/// <see cref="ClipsRejected"/> counts the candidate clips its search turned down (for monitoring, not published).
/// </summary>
public sealed record GoalDocument(
    string Id,
    long Fixture,
    int Minute,
    int? Extra,
    string Team,
    string Player,
    string? Assist,
    string Detail,
    int HomeScoreAfter,
    int AwayScoreAfter,
    string State,
    bool WasConfirmed,
    bool HuntOpen,
    DateTimeOffset FirstSeen,
    IReadOnlyList<ClipDocument> Clips,
    int ClipsRejected,
    long SequenceNr)
{
    /// <summary>
    /// Whether readers see the goal: while it is being confirmed, once confirmed or complete, and when cancelled after having
    /// been confirmed. A goal cancelled before anyone confirmed it, or expired unconfirmed, is noise and stays unpublished.
    /// </summary>
    public bool IsPublished =>
        State is GoalStateNames.Pending or GoalStateNames.Confirmed or GoalStateNames.Complete
        || (State == GoalStateNames.Cancelled && WasConfirmed);

    /// <summary>Whether its clip search runs: open, and the goal confirmed or complete (a cancelled goal searches no more).</summary>
    public bool Searching => HuntOpen && State is GoalStateNames.Confirmed or GoalStateNames.Complete;

    /// <summary>The n of the goal id <c>{fixture}-{n}</c>: the order the fixture first saw its goals.</summary>
    public int Ordinal => int.TryParse(Id.AsSpan(Id.LastIndexOf('-') + 1), out var n) ? n : 0;

    /// <summary>When retention purged the goal's fixture (its stored clips deleted); null while its clips are kept.</summary>
    public DateTimeOffset? ClipsPurgedAt { get; init; }

    public PublishedGoal Publish() => new(
        Id, Fixture, Minute, Extra, Team, Player, Assist, Detail, HomeScoreAfter, AwayScoreAfter, State, Searching, FirstSeen,
        Clips.Select((c, i) => new PublishedClip(c.Key, c.Width, c.Height, c.Duration, c.Bytes, c.Popularity, i + 1)).ToList())
    {
        ClipsRemoved = ClipsPurgedAt is not null,
    };

    /// <summary>The order goals are listed in a fixture: by minute, then the order they were first seen.</summary>
    public static IEnumerable<GoalDocument> InMatchOrder(IEnumerable<GoalDocument> goals) =>
        goals.OrderBy(g => g.Minute).ThenBy(g => g.Extra ?? 0).ThenBy(g => g.Ordinal).ThenBy(g => g.Id, StringComparer.Ordinal);
}

/// <summary>One kept clip: its store key (stable when a better copy replaces it), probe figures and how many copies were seen.</summary>
public sealed record ClipDocument(string Key, int Width, int Height, double Duration, long Bytes, int Popularity)
{
    /// <summary>Best first: the most copies seen, then by key so the order is the same in every run and store.</summary>
    public static IReadOnlyList<ClipDocument> BestFirst(IEnumerable<ClipDocument> clips) =>
        clips.OrderByDescending(c => c.Popularity).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
}
