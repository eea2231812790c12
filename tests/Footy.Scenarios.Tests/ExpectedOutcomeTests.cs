using Xunit;

namespace Footy.Scenarios.Tests;

/// <summary>The oracle on hand-built tiny scenarios.</summary>
public class ExpectedOutcomeTests
{
    private static readonly Player Scorer = Player.Of(7, "A. Striker");
    private static readonly Player Other = Player.Of(8, "B. Winger");

    /// <summary>A one-fixture day already in play at poll 1; FT at the last poll when <paramref name="finish"/>.</summary>
    private static DayScenario Day(int polls, Action<MatchScenario> build, bool finish = true, Action<DayScenario>? faults = null)
    {
        var start = new DateTimeOffset(2025, 1, 1, 15, 0, 0, TimeSpan.Zero);
        var m = new MatchScenario(1).Between(new Team(10, "Home FC"), new Team(20, "Away FC")).KickoffAt(start.AddMinutes(10));
        m.Status(1, "1H");
        build(m);
        if (finish) m.Status(polls, "FT");
        var day = new DayScenario("tiny", start, polls).Add(m);
        faults?.Invoke(day);
        return day;
    }

    [Fact]
    public void A_goal_is_confirmed_after_three_consecutive_polls()
    {
        var day = Day(20, m => m.Goal("g", 5, Side.Home, Scorer, 3));
        var outcome = ExpectedOutcome.ForDay(day);
        var goal = Assert.Single(outcome.Goals);
        Assert.Equal(new ExpectedGoal(1, "Home FC", "A. Striker", 3, null, "Normal Goal", "complete"), goal);
        Assert.Equal(7, outcome.Traces.Single().ConfirmedAtPoll);
        Assert.Equal(new ExpectedFixture(1, "FT", "Home FC", "Away FC"), Assert.Single(outcome.Fixtures));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_goal_removed_before_confirmation_is_not_listed(int shownPolls)
    {
        var day = Day(20, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 5 + shownPolls));
        Assert.Empty(ExpectedOutcome.ForDay(day).Goals);
    }

    [Fact]
    public void A_confirmed_goal_removed_by_var_is_cancelled()
    {
        var day = Day(30, m => m.Goal("g", 5, Side.Away, Scorer, 3, assist: Other).Remove("g", 11));
        var outcome = ExpectedOutcome.ForDay(day);
        Assert.Equal(new ExpectedGoal(1, "Away FC", "A. Striker", 3, null, "Normal Goal", "cancelled"), Assert.Single(outcome.Goals));
        Assert.Equal(13, outcome.Traces.Single().CancelledAtPoll);
    }

    [Fact]
    public void A_goal_absent_for_two_polls_that_comes_back_stands()
    {
        var day = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 10).Restore("g", 12));
        Assert.Equal("complete", Assert.Single(ExpectedOutcome.ForDay(day).Goals).State);
    }

    [Fact]
    public void A_goal_that_comes_back_after_three_absent_polls_is_not_cancelled()
    {
        var day = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 10).Restore("g", 16));
        Assert.Equal("complete", Assert.Single(ExpectedOutcome.ForDay(day).Goals).State);
    }

    [Fact]
    public void A_scorer_correction_stays_one_goal_under_its_final_scorer()
    {
        var day = Day(30, m => m.Goal("g", 5, Side.Home, Other, 36).CorrectScorer("g", 11, Scorer).AddAssist("g", 14, Other));
        var goal = Assert.Single(ExpectedOutcome.ForDay(day).Goals);
        Assert.Equal("A. Striker", goal.Player);
        Assert.Equal("complete", goal.State);
    }

    [Fact]
    public void An_own_goal_reattribution_keeps_one_goal_with_the_final_detail()
    {
        var defender = Player.Of(99, "Z. Defender");
        var day = Day(40, m => m.Goal("g", 5, Side.Home, Scorer, 20).Correct("g", 25, e => e with { Player = defender, Detail = "Own Goal" }));
        Assert.Equal(new ExpectedGoal(1, "Home FC", "Z. Defender", 20, null, "Own Goal", "complete"), Assert.Single(ExpectedOutcome.ForDay(day).Goals));
    }

    [Fact]
    public void A_minute_correction_reports_the_final_minute()
    {
        var day = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 80).CorrectMinute("g", 11, 81));
        Assert.Equal(81, Assert.Single(ExpectedOutcome.ForDay(day).Goals).Minute);
    }

    [Fact]
    public void Polls_with_an_unknown_scorer_do_not_count()
    {
        // unknown at 5-8, known from 9: confirmed at 11
        var day = Day(30, m => m.Goal("g", 5, Side.Home, Player.Unknown, 3).CorrectScorer("g", 9, Scorer));
        var outcome = ExpectedOutcome.ForDay(day);
        Assert.Equal(11, outcome.Traces.Single().ConfirmedAtPoll);
        // unknown for its whole life: never listed
        var never = Day(30, m => m.Goal("g", 5, Side.Home, new Player(null, "Unknown"), 3));
        Assert.Empty(ExpectedOutcome.ForDay(never).Goals);
    }

    [Fact]
    public void Fault_polls_count_neither_as_seen_nor_as_missing()
    {
        // seen at 5 and 6, poll 7 is a 429, seen at 8: confirmed at 8
        var confirmed = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3), faults: d => d.TooManyRequests(7));
        Assert.Equal(8, ExpectedOutcome.ForDay(confirmed).Traces.Single().ConfirmedAtPoll);

        // shown at 5, 6, 7 but 7 is an errors envelope: only two sightings, then removed
        var notConfirmed = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 8), faults: d => d.ErrorsEnvelope(7));
        Assert.Empty(ExpectedOutcome.ForDay(notConfirmed).Goals);

        // confirmed, then absent at 12 and 15 with faults at 13 and 14, then back: still standing
        var standing = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 12).Restore("g", 16),
            faults: d => d.TooManyRequests(13).ErrorsEnvelope(14));
        Assert.Equal("complete", Assert.Single(ExpectedOutcome.ForDay(standing).Goals).State);

        // the same with a third successful absence: cancelled
        var cancelled = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 12).Restore("g", 17),
            faults: d => d.TooManyRequests(13).ErrorsEnvelope(14));
        var trace = ExpectedOutcome.ForDay(cancelled).Traces.Single();
        Assert.Equal("complete", trace.Goal!.State); // it came back at 17: "never comes back" fails
        var cancelledForGood = Day(30, m => m.Goal("g", 5, Side.Home, Scorer, 3).Remove("g", 12),
            faults: d => d.TooManyRequests(13).ErrorsEnvelope(14));
        Assert.Equal(16, ExpectedOutcome.ForDay(cancelledForGood).Traces.Single().CancelledAtPoll);
    }

    [Fact]
    public void The_last_poll_counts_as_repeating()
    {
        // shown only in the very last poll: the replay keeps serving it, so it gets confirmed
        var day = Day(20, m => m.Goal("g", 20, Side.Home, Scorer, 3), finish: false);
        var goal = Assert.Single(ExpectedOutcome.ForDay(day).Goals);
        Assert.Equal("confirmed", goal.State); // the fixture never finished

        // but a trailing fault poll repeats as a fault
        var faulty = Day(20, m => m.Goal("g", 19, Side.Home, Scorer, 3), finish: false, faults: d => d.TooManyRequests(20));
        Assert.Empty(ExpectedOutcome.ForDay(faulty).Goals);
    }

    [Fact]
    public void Shootout_kicks_and_missed_penalties_are_not_goals()
    {
        var day = Day(40, m => m
            .MissedPenalty(5, Side.Home, Scorer, 3)
            .ShootoutKick(10, Side.Home, Scorer, scored: true)
            .ShootoutKick(12, Side.Away, Other, scored: false)
            .Card(14, Side.Away, Other, 10)
            .Substitution(15, Side.Away, Other, Scorer, 11));
        Assert.Empty(ExpectedOutcome.ForDay(day).Goals);
    }

    [Fact]
    public void Unfinished_and_unplayed_fixtures_report_their_last_status()
    {
        var start = new DateTimeOffset(2025, 1, 1, 15, 0, 0, TimeSpan.Zero);
        var playing = new MatchScenario(1).Between(new Team(10, "A"), new Team(20, "B")).KickoffAt(start.AddMinutes(10)).Status(1, "1H").Status(10, "SUSP");
        var later = new MatchScenario(2).Between(new Team(30, "C"), new Team(40, "D")).KickoffAt(start.AddHours(5));
        var postponed = new MatchScenario(3).Between(new Team(50, "E"), new Team(60, "F")).KickoffAt(start.AddMinutes(20)).Status(1, "PST");
        var day = new DayScenario("x", start, 20).Add(playing).Add(later).Add(postponed);
        var outcome = ExpectedOutcome.ForDay(day);
        Assert.Equal(new[] { ("SUSP", 1), ("PST", 3), ("NS", 2) }, outcome.Fixtures.Select(f => (f.Status, f.Id)).ToArray());
    }

    [Fact]
    public void Parse_reads_a_replay_summary_and_diff_is_order_insensitive()
    {
        var day = Day(30, m => m.Goal("a", 5, Side.Home, Scorer, 3).Goal("b", 8, Side.Away, Other, 5, 2));
        var expected = ExpectedOutcome.ForDay(day);
        const string summary = """
            { "fixtures": [ { "id": 1, "status": "FT", "home": "Home FC", "away": "Away FC" } ],
              "goals": [
                { "id": "1-x", "fixture": 1, "team": "Away FC", "player": "B. Winger", "minute": 5, "extra": 2,
                  "detail": "Normal Goal", "state": "complete", "clips": [ { "key": "k", "sources": ["1"] } ] },
                { "id": "1-y", "fixture": 1, "team": "Home FC", "player": "A. Striker", "minute": 3, "extra": null,
                  "detail": "Normal Goal", "state": "complete", "clips": [] } ] }
            """;
        Assert.Empty(expected.Diff(ExpectedOutcome.Parse(summary)));
        Assert.Empty(expected.Diff(ExpectedOutcome.Parse(expected.ToJson())));
        var wrong = ExpectedOutcome.Parse(summary.Replace("\"minute\": 3", "\"minute\": 4"));
        var diff = expected.Diff(wrong);
        Assert.Equal(2, diff.Count);
        Assert.Contains(diff, d => d.StartsWith("missing goal", StringComparison.Ordinal));
        Assert.Contains(diff, d => d.StartsWith("unexpected goal", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteExpected_has_the_summary_shape()
    {
        var day = Day(30, m => m.Goal("a", 5, Side.Home, Scorer, 45, 2, detail: "Penalty"));
        var json = ExpectedOutcome.ForDay(day).ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(new[] { "fixtures", "goals" }, doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        var g = doc.RootElement.GetProperty("goals")[0];
        Assert.Equal(new[] { "fixture", "team", "player", "minute", "extra", "detail", "state" }, g.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, g.GetProperty("extra").GetInt32());
        var f = doc.RootElement.GetProperty("fixtures")[0];
        Assert.Equal(new[] { "id", "status", "home", "away" }, f.EnumerateObject().Select(p => p.Name).ToArray());
    }
}
