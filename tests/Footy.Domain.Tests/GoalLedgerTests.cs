using System.Collections.Immutable;
using Footy.Domain.Goals;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

public class GoalLedgerTests
{
    private static GoalId Id(int ordinal) => GoalId.For(Fx, ordinal);

    private static (GoalLedger Ledger, LedgerMatch Match) Poll(GoalLedger ledger, params GoalFacts[] observed)
    {
        var match = ledger.Match(observed);
        return (ledger.Record(match), match);
    }

    private static GoalLedger LedgerOf(params (GoalFacts Facts, bool Seen)[] entries) =>
        new(Fx, entries.Select((e, i) => new LedgerEntry(Id(i + 1), i + 1, e.Facts, e.Seen)).ToImmutableList());

    [Fact]
    public void First_poll_gives_new_ids_in_observed_order()
    {
        var a = Goal(minute: 10, home: 1);
        var b = Goal(team: 541, player: "Vinicius", playerId: 20, minute: 20, home: 1, away: 1);

        var (ledger, m) = Poll(GoalLedger.Empty(Fx), a, b);

        Assert.Equal(new[] { ("979139-1", true), ("979139-2", true) }, m.Seen.Select(s => (s.Id.Value, s.IsNew)));
        Assert.Equal(new[] { a, b }, m.Seen.Select(s => s.Facts));
        Assert.Empty(m.Missing);
        Assert.Equal(2, m.NewGoals.Count());
        Assert.Equal(new[] { 1, 2 }, ledger.Entries.Select(e => e.Ordinal));
        Assert.All(ledger.Entries, e => Assert.True(e.SeenInLastPoll));
    }

    [Fact]
    public void An_unchanged_poll_keeps_every_id()
    {
        var a = Goal(minute: 10, home: 1);
        var b = Goal(minute: 30, home: 2);
        var (ledger, first) = Poll(GoalLedger.Empty(Fx), a, b);
        var (again, second) = Poll(ledger, a, b);

        Assert.Equal(first.Seen.Select(s => s.Id), second.Seen.Select(s => s.Id));
        Assert.DoesNotContain(second.Seen, s => s.IsNew);
        Assert.Empty(second.Missing);
        Assert.Equal(ledger, again);
    }

    [Fact]
    public void Match_is_pure()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(minute: 10));
        var before = ledger.Entries;
        _ = ledger.Match([Goal(minute: 80, player: "X", playerId: 99)]);
        Assert.Same(before, ledger.Entries);
        Assert.Single(ledger.Entries);
        Assert.True(ledger.Entries[0].SeenInLastPoll);
    }

    [Fact]
    public void Tier_a_exact_match_ignores_score_changes()
    {
        var ledger = LedgerOf((Goal(minute: 40, home: 2), true));
        var m = ledger.Match([Goal(minute: 40, home: 1)]);
        Assert.Equal(Id(1), Assert.Single(m.Seen).Id);
        Assert.False(m.Seen[0].IsNew);
    }

    [Theory]
    [InlineData(23, null, 25, null)]
    [InlineData(23, null, 33, null)]
    [InlineData(45, 1, 45, 3)]
    [InlineData(90, 4, 88, null)]
    public void Tier_b_minute_and_extra_corrections_keep_the_id(int minute, int? extra, int newMinute, int? newExtra)
    {
        var before = Goal(minute: minute, extra: extra);
        var after = Goal(minute: newMinute, extra: newExtra, assist: "Koke", assistId: 7);
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), before);

        var (updated, m) = Poll(ledger, after);

        var s = Assert.Single(m.Seen);
        Assert.Equal((Id(1), false), (s.Id, s.IsNew));
        Assert.Empty(m.Missing);
        Assert.Equal(after, Assert.Single(updated.Entries).Facts);
    }

    [Fact]
    public void A_correction_beyond_ten_minutes_is_a_new_goal()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(minute: 20, home: 1));
        var m = ledger.Match([Goal(minute: 31, home: 2)]);
        var s = Assert.Single(m.Seen);
        Assert.Equal((Id(2), true), (s.Id, s.IsNew));
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Two_goals_by_the_same_player_stay_two_ids()
    {
        var first = Goal(minute: 30, home: 1);
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), first);

        // He scores again four minutes later: within the correction window of the first goal, but the first goal
        // is still there, so it is a second id.
        var second = Goal(minute: 34, home: 2);
        var (ledger2, m) = Poll(ledger, first, second);
        Assert.Equal(new[] { (Id(1), false), (Id(2), true) }, m.Seen.Select(s => (s.Id, s.IsNew)));

        // Both corrected by a minute: each keeps its own id (closest first).
        var (ledger3, m3) = Poll(ledger2, Goal(minute: 31, home: 1), Goal(minute: 35, home: 2));
        Assert.Equal(new[] { Id(1), Id(2) }, m3.Seen.Select(s => s.Id));
        Assert.DoesNotContain(m3.Seen, s => s.IsNew);
        Assert.Equal(2, ledger3.Entries.Count);

        // A hat-trick goal in the same minute as the second one is a third id.
        var (_, m4) = Poll(ledger3, Goal(minute: 31, home: 1), Goal(minute: 35, home: 2), Goal(minute: 35, home: 3));
        Assert.Equal(new[] { Id(1), Id(2), Id(3) }, m4.Seen.Select(s => s.Id));
        Assert.True(m4.Seen[2].IsNew);
    }

    [Fact]
    public void Tier_c_reattribution_to_an_own_goal_keeps_the_id()
    {
        // Normal Goal by X for the home team, later corrected to an Own Goal by an away player Y
        // (API-Football's team stays the benefiting team), same minute, same score.
        var original = Goal(team: 530, player: "A. Griezmann", playerId: 10, minute: 30, home: 1, away: 0);
        var corrected = Goal(team: 530, player: "D. Carvajal", playerId: 50, minute: 31, detail: GoalDetail.OwnGoal, home: 1, away: 0);
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), original);

        var (updated, m) = Poll(ledger, corrected);

        var s = Assert.Single(m.Seen);
        Assert.Equal((Id(1), false), (s.Id, s.IsNew));
        Assert.Empty(m.Missing);
        Assert.Equal(corrected, updated.Entries[0].Facts);
    }

    [Fact]
    public void Tier_c_lets_an_unknown_scorer_become_known()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Unknown(minute: 55, home: 1));
        var m = ledger.Match([Goal(player: "Morata", playerId: 11, minute: 56, home: 1)]);
        Assert.Equal((Id(1), false), (m.Seen[0].Id, m.Seen[0].IsNew));
        Assert.Empty(m.Missing);
    }

    [Fact]
    public void Reattribution_window_is_two_minutes()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(player: "X", playerId: 1, minute: 30));
        var m = ledger.Match([Goal(player: "Y", playerId: 2, minute: 33)]);
        Assert.True(m.Seen[0].IsNew);
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Tier_c_prefers_same_score_over_closer_minute()
    {
        var ledger = LedgerOf(
            (Goal(player: "X", playerId: 1, minute: 30, home: 1), true),
            (Goal(player: "Y", playerId: 2, minute: 31, home: 2), true));

        var m = ledger.Match([Goal(player: "Z", playerId: 3, minute: 30, home: 2)]);

        Assert.Equal(Id(2), m.Seen[0].Id);
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Reattribution_after_an_earlier_goal_was_withdrawn_keeps_the_later_id()
    {
        // A scores at 10 (1-0), B at 20 (2-0). VAR withdraws A's goal; B's goal becomes an own goal by C and, since
        // the first goal is gone, it is now 1-0: tier d (same team, minute within 2) keeps B's id.
        var (ledger, _) = Poll(GoalLedger.Empty(Fx),
            Goal(player: "A", playerId: 1, minute: 10, home: 1),
            Goal(player: "B", playerId: 2, minute: 20, home: 2));

        var corrected = Goal(player: "C", playerId: 3, minute: 21, detail: GoalDetail.OwnGoal, home: 1);
        var (updated, m) = Poll(ledger, corrected);

        Assert.Equal((Id(2), false), (m.Seen[0].Id, m.Seen[0].IsNew));
        Assert.Equal(new[] { Id(1) }, m.Missing);
        Assert.False(updated.Entries[0].SeenInLastPoll);
        Assert.True(updated.Entries[1].SeenInLastPoll);
        Assert.Equal(corrected, updated.Entries[1].Facts);
    }

    [Fact]
    public void Score_shift_without_reattribution_keeps_the_id()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx),
            Goal(player: "A", playerId: 1, minute: 10, home: 1),
            Goal(player: "B", playerId: 2, minute: 20, home: 2));

        var m = ledger.Match([Goal(player: "B", playerId: 2, minute: 20, home: 1)]);
        Assert.Equal(Id(2), m.Seen[0].Id);
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Withdrawn_goal_that_comes_back_gets_its_old_id()
    {
        var a = Goal(player: "A", playerId: 1, minute: 10, home: 1);
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), a);
        var (gone, m1) = Poll(ledger);
        Assert.Equal(new[] { Id(1) }, m1.Missing);
        Assert.False(gone.Entries[0].SeenInLastPoll);

        var (back, m2) = Poll(gone, a);
        Assert.Equal((Id(1), false), (m2.Seen[0].Id, m2.Seen[0].IsNew));
        Assert.True(back.Entries[0].SeenInLastPoll);
    }

    [Fact]
    public void Entries_seen_in_the_last_poll_are_preferred_within_a_tier()
    {
        // Entry 1 disappeared a while ago; entry 2 was seen last poll. A new scorer appears between them:
        // it is taken as the re-attribution of the goal we just saw, although entry 1 is a minute closer.
        var ledger = LedgerOf(
            (Goal(player: "P", playerId: 1, minute: 30, home: 1), false),
            (Goal(player: "Q", playerId: 2, minute: 31, home: 1), true));

        var m = ledger.Match([Goal(player: "R", playerId: 3, minute: 30, home: 1)]);

        Assert.Equal(Id(2), m.Seen[0].Id);
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Ties_go_to_ledger_order()
    {
        var ledger = LedgerOf(
            (Goal(player: "P", playerId: 1, minute: 29, home: 1), true),
            (Goal(player: "Q", playerId: 2, minute: 31, home: 1), true));

        var m = ledger.Match([Goal(player: "R", playerId: 3, minute: 30, home: 1)]);

        Assert.Equal(Id(1), m.Seen[0].Id);
        Assert.Equal(new[] { Id(2) }, m.Missing);
    }

    [Fact]
    public void Goals_of_the_other_team_never_match()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(team: 530, minute: 30, home: 1, away: 0));
        var m = ledger.Match([Goal(team: 541, minute: 30, home: 0, away: 1)]);
        Assert.True(m.Seen[0].IsNew);
        Assert.Equal(Id(2), m.Seen[0].Id);
        Assert.Equal(new[] { Id(1) }, m.Missing);
    }

    [Fact]
    public void Player_ids_decide_scorer_identity_when_both_are_known()
    {
        // Same name, different ids: different scorers, so only the 2-minute tiers apply.
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(player: "Garcia", playerId: 1, minute: 30));
        Assert.True(ledger.Match([Goal(player: "Garcia", playerId: 2, minute: 35)]).Seen[0].IsNew);

        // Same id, respelled name: same scorer, tier b.
        Assert.False(ledger.Match([Goal(player: "E. García", playerId: 1, minute: 35)]).Seen[0].IsNew);
    }

    [Fact]
    public void New_ids_continue_after_existing_entries_and_are_never_reused()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(player: "A", playerId: 1, minute: 10, home: 1), Goal(player: "B", playerId: 2, minute: 40, home: 2));
        var (ledger2, m) = Poll(ledger, Goal(player: "C", playerId: 3, minute: 70, home: 1), Goal(player: "D", playerId: 4, minute: 85, home: 2));

        Assert.Equal(new[] { Id(3), Id(4) }, m.Seen.Select(s => s.Id));
        Assert.Equal(new[] { Id(1), Id(2) }, m.Missing);
        Assert.Equal(new[] { 1, 2, 3, 4 }, ledger2.Entries.Select(e => e.Ordinal));
        Assert.Equal(new[] { false, false, true, true }, ledger2.Entries.Select(e => e.SeenInLastPoll));
    }

    [Fact]
    public void Record_is_idempotent()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(minute: 10));
        var m = ledger.Match([Goal(minute: 11), Goal(player: "B", playerId: 2, minute: 50, home: 2)]);
        var once = ledger.Record(m);
        var twice = once.Record(m);
        Assert.Equal(once, twice);
        Assert.Equal(2, twice.Entries.Count);
    }

    [Fact]
    public void Record_rejects_a_new_id_that_does_not_follow_the_ledger()
    {
        var (three, _) = Poll(GoalLedger.Empty(Fx),
            Goal(player: "A", playerId: 1, minute: 10, home: 1),
            Goal(player: "B", playerId: 2, minute: 40, home: 2),
            Goal(player: "C", playerId: 3, minute: 70, home: 3));
        var computedOnThree = three.Match([Goal(player: "D", playerId: 4, minute: 80, home: 4)]);
        Assert.Equal(Id(4), computedOnThree.Seen[0].Id);

        var (one, _) = Poll(GoalLedger.Empty(Fx), Goal(player: "A", playerId: 1, minute: 10, home: 1));
        Assert.Throws<ArgumentException>(() => one.Record(computedOnThree));
    }

    [Fact]
    public void Ledger_equality_is_by_value()
    {
        var a = Poll(GoalLedger.Empty(Fx), Goal(minute: 10)).Ledger;
        var b = Poll(GoalLedger.Empty(Fx), Goal(minute: 10)).Ledger;
        Assert.NotSame(a.Entries, b.Entries);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Poll(GoalLedger.Empty(Fx), Goal(minute: 11)).Ledger);
    }

    [Fact]
    public void Find_returns_the_entry_for_an_id()
    {
        var (ledger, _) = Poll(GoalLedger.Empty(Fx), Goal(minute: 10));
        Assert.Equal(10, ledger.Find(Id(1))!.Facts.Minute);
        Assert.Null(ledger.Find(Id(2)));
    }
}
