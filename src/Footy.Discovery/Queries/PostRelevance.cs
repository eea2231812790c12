using System.Text.RegularExpressions;

namespace Footy.Discovery;

/// <summary>
/// Whether a found post can be about this goal, judged from its text alone: a post that names a score other than
/// the score after this goal, or a minute more than two minutes away from it, shows another goal (typically another
/// goal by the same player in the same match, which the same search words find). A post naming neither is kept.
/// </summary>
public static partial class PostRelevance
{
    private const int MinuteTolerance = 2;

    /// <summary>Null when the post may show the goal; otherwise why it does not.</summary>
    public static string? RejectionReason(GoalSearchRequest goal, string text)
    {
        var scores = ScorePattern().Matches(text)
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)))
            .ToList();
        var (home, away) = (goal.HomeScoreAfter, goal.AwayScoreAfter);
        if (scores.Count > 0 && !scores.Any(s => s == (home, away) || s == (away, home)))
            return $"post names the score {scores[0].Item1}-{scores[0].Item2}, this goal made it {home}-{away}";

        var minutes = MinutePattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        if (minutes.Count > 0 && !minutes.Any(m => Math.Abs(m - goal.Minute) <= MinuteTolerance))
            return $"post names the minute {minutes[0]}', this goal was scored in the {goal.Minute}'";
        return null;
    }

    [GeneratedRegex(@"(?<![\d:])\[?(\d{1,2})\]?\s*[-–]\s*\[?(\d{1,2})\]?(?![\d:])")]
    private static partial Regex ScorePattern();

    [GeneratedRegex(@"(?<!\d)(\d{1,3})(?:\s*\+\s*\d{1,2})?\s*['’′]")]
    private static partial Regex MinutePattern();
}
