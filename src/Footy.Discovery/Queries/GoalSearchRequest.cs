namespace Footy.Discovery;

/// <summary>
/// What discovery knows about one goal. <paramref name="ScoringTeam"/> is the team the goal counts for (for an own
/// goal: the team that benefits, as API-Football reports it); <paramref name="Scorer"/> is the player as the API
/// names them (e.g. <c>"L. Messi"</c>). Scores are the score right after this goal. Sources never return posts
/// posted before <paramref name="Since"/> (normally the goal's time minus a small margin).
/// </summary>
public sealed record GoalSearchRequest(
    string GoalId,
    long FixtureId,
    string HomeTeam,
    string AwayTeam,
    string ScoringTeam,
    string Scorer,
    int Minute,
    int? Extra,
    int HomeScoreAfter,
    int AwayScoreAfter,
    DateTimeOffset Since)
{
    /// <summary>Minute + extra: the number compared (within a tolerance) with minutes found in post titles.</summary>
    public int MinuteOrdinal => Minute + (Extra ?? 0);
}
