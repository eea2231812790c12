using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

public class GoalEventRulesTests
{
    [Theory]
    [InlineData("Goal", "Normal Goal", GoalDetail.NormalGoal)]
    [InlineData("Goal", "Penalty", GoalDetail.Penalty)]
    [InlineData("Goal", "Own Goal", GoalDetail.OwnGoal)]
    [InlineData("goal", "normal goal", GoalDetail.NormalGoal)]
    [InlineData("GOAL", "OWN GOAL", GoalDetail.OwnGoal)]
    [InlineData(" Goal ", " Penalty ", GoalDetail.Penalty)]
    public void Goal_details_are_recognised(string type, string detail, GoalDetail expected)
    {
        Assert.True(GoalEventRules.TryGetGoalDetail(Event(10, type: type, detail: detail), out var d));
        Assert.Equal(expected, d);
    }

    [Theory]
    [InlineData("Goal", "Missed Penalty")]
    [InlineData("Goal", "missed penalty")]
    [InlineData("Goal", "")]
    [InlineData("Goal", "Goal cancelled")]
    [InlineData("Card", "Yellow Card")]
    [InlineData("subst", "Substitution 1")]
    [InlineData("Var", "Goal cancelled")]
    [InlineData("Var", "Penalty")]
    [InlineData("", "Normal Goal")]
    public void Other_events_are_not_goals(string type, string detail) =>
        Assert.False(GoalEventRules.TryGetGoalDetail(Event(10, type: type, detail: detail), out _));

    [Theory]
    [InlineData("Penalty Shootout")]
    [InlineData("penalty shootout")]
    [InlineData("Scored in Penalty Shootout")]
    public void Shoot_out_kicks_are_not_goals(string comments)
    {
        Assert.False(GoalEventRules.TryGetGoalDetail(Event(120, detail: "Penalty", comments: comments), out _));
        Assert.False(GoalEventRules.TryGetGoalDetail(Event(120, detail: "Normal Goal", comments: comments), out _));
    }

    [Fact]
    public void Other_comments_do_not_matter()
    {
        Assert.True(GoalEventRules.TryGetGoalDetail(Event(30, detail: "Penalty", comments: "Foul on Saka"), out var d));
        Assert.Equal(GoalDetail.Penalty, d);
    }

    [Fact]
    public void Running_score_follows_match_order()
    {
        var s = Snapshot(
            Event(70, team: 541, player: "Vinicius", playerId: 20, teamName: "Real Madrid"),
            Event(12),
            Event(50, team: 541, player: "Bellingham", playerId: 21, teamName: "Real Madrid", detail: "Penalty"),
            Event(33, player: "Morata", playerId: 11));

        var goals = GoalEventRules.ExtractGoals(s);

        Assert.Equal(new[] { 12, 33, 50, 70 }, goals.Select(g => g.Minute));
        Assert.Equal(new[] { (1, 0), (2, 0), (2, 1), (2, 2) }, goals.Select(g => (g.HomeScoreAfter, g.AwayScoreAfter)));
        Assert.Equal(GoalDetail.Penalty, goals[2].Detail);
        Assert.Equal("Bellingham", goals[2].PlayerName);
        Assert.Equal(21, goals[2].PlayerId);
    }

    [Fact]
    public void Own_goal_counts_for_the_team_in_the_event()
    {
        // API-Football: for own goals `team` is the team that benefits; the player is an opponent.
        var s = Snapshot(Event(6, team: 530, player: "E. Garcia", playerId: 619, detail: "Own Goal"));
        var g = Assert.Single(GoalEventRules.ExtractGoals(s));
        Assert.Equal(530, g.TeamId);
        Assert.Equal(GoalDetail.OwnGoal, g.Detail);
        Assert.Equal("E. Garcia", g.PlayerName);
        Assert.Equal((1, 0), (g.HomeScoreAfter, g.AwayScoreAfter));
    }

    [Fact]
    public void Missed_penalties_shoot_outs_and_other_events_do_not_count()
    {
        var s = Snapshot(
            Event(10, detail: "Missed Penalty"),
            Event(20, type: "Card", detail: "Yellow Card"),
            Event(30),
            Event(120, detail: "Penalty", comments: "Penalty Shootout"),
            Event(120, team: 541, detail: "Penalty", comments: "Penalty Shootout", teamName: "Real Madrid"));

        var g = Assert.Single(GoalEventRules.ExtractGoals(s));
        Assert.Equal(30, g.Minute);
        Assert.Equal((1, 0), (g.HomeScoreAfter, g.AwayScoreAfter));
    }

    [Fact]
    public void Goals_for_teams_not_in_the_fixture_are_dropped()
    {
        var s = Snapshot(Event(10, team: 999), Event(11, team: null), Event(12, team: 541, teamName: "Real Madrid"));
        var g = Assert.Single(GoalEventRules.ExtractGoals(s));
        Assert.Equal(541, g.TeamId);
        Assert.Equal((0, 1), (g.HomeScoreAfter, g.AwayScoreAfter));
    }

    [Fact]
    public void Stoppage_time_orders_before_the_next_minute_and_ties_keep_upstream_order()
    {
        var s = Snapshot(
            Event(46, player: "C"),
            Event(45, extra: 2, player: "B"),
            Event(45, player: "A"),
            Event(46, player: "D"),
            Event(45, extra: 2, player: "B2"));

        var goals = GoalEventRules.ExtractGoals(s);

        Assert.Equal(new[] { "A", "B", "B2", "C", "D" }, goals.Select(g => g.PlayerName));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, goals.Select(g => g.HomeScoreAfter));
        Assert.Equal(2, goals[1].Extra);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Team_name_falls_back_to_the_fixture_team(string? teamName)
    {
        var s = Snapshot(
            Event(10, team: 530, teamName: teamName),
            Event(20, team: 541, teamName: teamName));
        var goals = GoalEventRules.ExtractGoals(s);
        Assert.Equal(new[] { "Atletico Madrid", "Real Madrid" }, goals.Select(g => g.TeamName));
    }

    [Fact]
    public void Event_fields_are_carried_over()
    {
        var s = Snapshot(Event(88, extra: null, player: "Koke", playerId: 7, assist: "Llorente", assistId: 8, teamName: "Atleti"));
        var g = Assert.Single(GoalEventRules.ExtractGoals(s));
        Assert.Equal(new GoalFacts(530, "Atleti", 7, "Koke", 8, "Llorente", 88, null, GoalDetail.NormalGoal, 1, 0), g);
    }

    [Fact]
    public void No_events_means_no_goals() =>
        Assert.Empty(GoalEventRules.ExtractGoals(Snapshot()));
}

public class GoalFactsTests
{
    [Theory]
    [InlineData("Normal Goal", GoalDetail.NormalGoal)]
    [InlineData("Penalty", GoalDetail.Penalty)]
    [InlineData("Own Goal", GoalDetail.OwnGoal)]
    public void Api_strings_round_trip(string api, GoalDetail detail)
    {
        Assert.Equal(api, GoalDetails.ToApiString(detail));
        Assert.True(GoalDetails.TryParseApiString(api, out var parsed));
        Assert.Equal(detail, parsed);
    }

    [Theory]
    [InlineData("E. Garcia", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("Unknown", false)]
    [InlineData("unknown", false)]
    [InlineData(" UNKNOWN ", false)]
    [InlineData("Unknownson", true)]
    public void Known_scorer(string? name, bool known) =>
        Assert.Equal(known, Goal(player: name).HasKnownScorer);

    [Fact]
    public void Same_scorer_uses_player_id_when_both_have_one()
    {
        Assert.True(Goal(player: "Vinicius Jr.", playerId: 20).SameScorerAs(Goal(player: "Vinícius Júnior", playerId: 20)));
        Assert.False(Goal(player: "Garcia", playerId: 1).SameScorerAs(Goal(player: "Garcia", playerId: 2)));
    }

    [Fact]
    public void Same_scorer_falls_back_to_normalized_names()
    {
        Assert.True(Goal(player: "Vinícius  Júnior", playerId: null).SameScorerAs(Goal(player: " vinicius junior", playerId: 20)));
        Assert.False(Goal(player: "Garcia", playerId: null).SameScorerAs(Goal(player: "Garcías", playerId: 1)));
        Assert.True(Unknown().SameScorerAs(Goal(player: null, playerId: null)));
        Assert.False(Unknown().SameScorerAs(Goal()));
    }

    [Fact]
    public void Minute_text_shows_stoppage_time()
    {
        Assert.Equal("45+2'", Goal(minute: 45, extra: 2).MinuteText);
        Assert.Equal("67'", Goal(minute: 67).MinuteText);
        Assert.Equal(47, Goal(minute: 45, extra: 2).MinuteOrdinal);
    }
}
