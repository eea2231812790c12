namespace Footy.ReadModel;

/// <summary>
/// One fixture as a website reads it, with its goals. <see cref="Phase"/> is the daemon's word
/// (staging, active, finished); <see cref="UpstreamStatus"/> is API-Football's short status (NS, 1H, FT, ...).
/// </summary>
public sealed record PublishedFixture(
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
    IReadOnlyList<PublishedGoal> Goals);

/// <summary>
/// One goal with its kept clips, best first. <see cref="State"/> uses <c>GoalStateNames</c>
/// (pending, confirmed, complete, cancelled, expired); <see cref="Searching"/> is true while its clip search runs.
/// </summary>
public sealed record PublishedGoal(
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
    bool Searching,
    DateTimeOffset FirstSeen,
    IReadOnlyList<PublishedClip> Clips)
{
    /// <summary>Retention deleted the goal's stored clips (its fixture is older than it keeps clips for); its facts stay published.</summary>
    public bool ClipsRemoved { get; init; }
}

/// <summary>
/// One kept clip. <see cref="Key"/> is its clip-store key, which stays the same when a better copy replaces it,
/// so a URL built from it keeps working. <see cref="Rank"/> is 1 for the best clip of its goal.
/// </summary>
public sealed record PublishedClip(
    string Key,
    int Width,
    int Height,
    double Duration,
    long Bytes,
    int Popularity,
    int Rank);
