using Footy.Domain.Fixtures;

namespace Footy.Domain.Goals;

/// <summary>Which upstream match events are goals to publish, and the facts each one carries.</summary>
public static class GoalEventRules
{
    /// <summary>
    /// True for <c>type == "Goal"</c> with detail Normal Goal, Penalty or Own Goal (case-insensitive), unless the
    /// comments mention "Penalty Shootout" (shoot-out kicks are not goals). "Missed Penalty" is never a goal.
    /// </summary>
    public static bool TryGetGoalDetail(MatchEvent e, out GoalDetail detail)
    {
        ArgumentNullException.ThrowIfNull(e);
        detail = default;
        if (!string.Equals(e.Type?.Trim(), "Goal", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (e.Comments is not null && e.Comments.Contains("Penalty Shootout", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return GoalDetails.TryParseApiString(e.Detail, out detail);
    }

    /// <summary>
    /// The snapshot's goals in match order (elapsed, extra, then upstream order), each with the score after it.
    /// Goal events whose team is neither the home nor the away team are dropped (they cannot be scored).
    /// </summary>
    public static IReadOnlyList<GoalFacts> ExtractGoals(FixtureSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var goals = new List<(MatchEvent Event, GoalDetail Detail, bool Home, int Index)>();
        var events = s.Events ?? [];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e is null || !TryGetGoalDetail(e, out var detail) || e.TeamId is not { } team)
            {
                continue;
            }

            if (team == s.Home.Id)
            {
                goals.Add((e, detail, true, i));
            }
            else if (team == s.Away.Id)
            {
                goals.Add((e, detail, false, i));
            }
        }

        var ordered = goals
            .OrderBy(g => g.Event.Elapsed)
            .ThenBy(g => g.Event.Extra ?? 0)
            .ThenBy(g => g.Index);

        var result = new List<GoalFacts>(goals.Count);
        int home = 0, away = 0;
        foreach (var (e, detail, isHome, _) in ordered)
        {
            if (isHome) home++; else away++;
            var fallback = isHome ? s.Home.Name : s.Away.Name;
            result.Add(new GoalFacts(
                TeamId: e.TeamId!.Value,
                TeamName: string.IsNullOrWhiteSpace(e.TeamName) ? fallback : e.TeamName,
                PlayerId: e.PlayerId,
                PlayerName: e.PlayerName,
                AssistId: e.AssistId,
                AssistName: e.AssistName,
                Minute: e.Elapsed,
                Extra: e.Extra,
                Detail: detail,
                HomeScoreAfter: home,
                AwayScoreAfter: away));
        }

        return result;
    }
}
