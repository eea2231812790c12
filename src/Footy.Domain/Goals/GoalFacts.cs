using System.Globalization;
using System.Text;

namespace Footy.Domain.Goals;

public enum GoalDetail
{
    NormalGoal,
    Penalty,
    OwnGoal,
}

public static class GoalDetails
{
    /// <summary>The upstream (API-Football) spelling: "Normal Goal", "Penalty", "Own Goal".</summary>
    public static string ToApiString(GoalDetail detail) => detail switch
    {
        GoalDetail.NormalGoal => "Normal Goal",
        GoalDetail.Penalty => "Penalty",
        GoalDetail.OwnGoal => "Own Goal",
        _ => throw new ArgumentOutOfRangeException(nameof(detail), detail, null),
    };

    /// <summary>Parses the upstream spelling (case-insensitive, trimmed). "Missed Penalty" and anything else: false.</summary>
    public static bool TryParseApiString(string? value, out GoalDetail detail)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "NORMAL GOAL": detail = GoalDetail.NormalGoal; return true;
            case "PENALTY": detail = GoalDetail.Penalty; return true;
            case "OWN GOAL": detail = GoalDetail.OwnGoal; return true;
            default: detail = default; return false;
        }
    }
}

/// <summary>
/// What the upstream currently says about one goal. <see cref="TeamId"/> is the team the goal counts for
/// (for own goals: the team that benefits, not the scorer's team).
/// </summary>
public sealed record GoalFacts(
    long TeamId,
    string TeamName,
    long? PlayerId,
    string? PlayerName,
    long? AssistId,
    string? AssistName,
    int Minute,
    int? Extra,
    GoalDetail Detail,
    int HomeScoreAfter,
    int AwayScoreAfter)
{
    /// <summary>False when the scorer's name is missing or "Unknown": such sightings never advance confirmation.</summary>
    public bool HasKnownScorer =>
        !string.IsNullOrWhiteSpace(PlayerName)
        && !string.Equals(PlayerName.Trim(), "Unknown", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether both facts name the same scorer: by <see cref="PlayerId"/> when both have one, else by normalized
    /// name (trimmed, case- and accent-insensitive, whitespace collapsed). Two unknown scorers count as the same.
    /// </summary>
    public bool SameScorerAs(GoalFacts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (PlayerId is { } a && other.PlayerId is { } b)
        {
            return a == b;
        }

        return NormalizedScorer == other.NormalizedScorer;
    }

    /// <summary>Scorer name used for matching; empty for an unknown scorer.</summary>
    public string NormalizedScorer => HasKnownScorer ? NormalizeName(PlayerName!) : string.Empty;

    /// <summary>Total minutes used to compare goal times: Minute + Extra.</summary>
    public int MinuteOrdinal => Minute + (Extra ?? 0);

    /// <summary>Display form such as <c>45+2'</c>.</summary>
    public string MinuteText => Extra is { } e && e != 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Minute}+{e}'")
        : string.Create(CultureInfo.InvariantCulture, $"{Minute}'");

    internal static string NormalizeName(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
