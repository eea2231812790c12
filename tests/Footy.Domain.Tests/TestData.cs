using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Domain.Tests;

internal static class TestData
{
    public static readonly FixtureId Fx = new(979139);
    public static readonly DateTimeOffset T0 = new(2025, 5, 10, 15, 0, 0, TimeSpan.Zero);
    public static readonly TeamRef Home = new(530, "Atletico Madrid");
    public static readonly TeamRef Away = new(541, "Real Madrid");
    public static readonly LeagueRef Liga = new(140, "La Liga", "Spain", 2024);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static GoalFacts Goal(
        long team = 530,
        string? player = "A. Griezmann",
        long? playerId = 10,
        int minute = 10,
        int? extra = null,
        GoalDetail detail = GoalDetail.NormalGoal,
        int home = 1,
        int away = 0,
        string? assist = null,
        long? assistId = null) =>
        new(team, team == Home.Id ? Home.Name : Away.Name, playerId, player, assistId, assist, minute, extra, detail, home, away);

    public static GoalFacts Unknown(long team = 530, int minute = 10, int home = 1, int away = 0) =>
        Goal(team, "Unknown", null, minute, home: home, away: away);

    public static MatchEvent Event(
        int elapsed,
        long? team = 530,
        string? player = "A. Griezmann",
        long? playerId = 10,
        string type = "Goal",
        string detail = "Normal Goal",
        int? extra = null,
        string? comments = null,
        string? teamName = "Atletico Madrid",
        string? assist = null,
        long? assistId = null) =>
        new(elapsed, extra, team, teamName, playerId, player, assistId, assist, type, detail, comments);

    public static FixtureSnapshot Snapshot(params MatchEvent[] events) =>
        new(Fx, T0, "2H", 60, Liga, Home, Away, null, null, events);
}
