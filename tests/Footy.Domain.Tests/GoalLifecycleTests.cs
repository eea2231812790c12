using System.Text.Json;
using Footy.Domain.Goals;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

public class GoalLifecycleTests
{
    private static readonly ConfirmationRules Rules = new();
    private static readonly GoalId G = GoalId.For(Fx, 1);

    /// <summary>Runs commands through Decide/Apply, returning the final state and the events of each command.</summary>
    private static (GoalLifecycle State, List<IReadOnlyList<GoalEvent>> Events) Run(
        GoalLifecycle state, ConfirmationRules rules, params GoalCommand[] commands)
    {
        var all = new List<IReadOnlyList<GoalEvent>>();
        foreach (var c in commands)
        {
            var events = state.Decide(c, rules);
            state = state.ApplyAll(events);
            all.Add(events);
        }

        return (state, all);
    }

    private static (GoalLifecycle State, List<IReadOnlyList<GoalEvent>> Events) Run(params GoalCommand[] commands) =>
        Run(GoalLifecycle.New(G, Fx), Rules, commands);

    private static ObserveSeen Seen(int t, GoalFacts? facts = null) => new(At(t), facts ?? Goal());

    private static ObserveMissing Miss(int t) => new(At(t));

    private static Type[] Types(IReadOnlyList<GoalEvent> events) => events.Select(e => e.GetType()).ToArray();

    [Fact]
    public void New_goal_is_pending_and_unpublished()
    {
        var g = GoalLifecycle.New(G, Fx);
        Assert.Equal(GoalStage.Pending, g.Stage);
        Assert.Null(g.Facts);
        Assert.Null(g.SummaryState);
        Assert.Equal((0, 0, false, false), (g.SeenStreak, g.MissingStreak, g.WasConfirmed, g.MatchFinished));
    }

    [Fact]
    public void Three_sightings_confirm()
    {
        var (s, events) = Run(Seen(1), Seen(2), Seen(3));

        Assert.Equal(new[] { typeof(GoalSighted) }, Types(events[0]));
        Assert.Equal(new[] { typeof(GoalSighted) }, Types(events[1]));
        Assert.Equal(new[] { typeof(GoalSighted), typeof(GoalConfirmed) }, Types(events[2]));
        Assert.Equal(GoalStage.Confirmed, s.Stage);
        Assert.True(s.WasConfirmed);
        Assert.Equal(At(3), s.ConfirmedAt);
        Assert.Equal(At(1), s.FirstSeenAt);
        Assert.Equal(At(3), s.LastObservedAt);
        Assert.Equal(3, s.SeenStreak);
        Assert.Equal("confirmed", s.SummaryState);
    }

    [Fact]
    public void Two_sightings_do_not_confirm()
    {
        var (s, _) = Run(Seen(1), Seen(2));
        Assert.Equal(GoalStage.Pending, s.Stage);
        Assert.Null(s.SummaryState);
    }

    [Fact]
    public void A_miss_restarts_the_sighting_streak()
    {
        var (s, _) = Run(Seen(1), Seen(2), Miss(3), Seen(4), Seen(5));
        Assert.Equal(GoalStage.Pending, s.Stage);
        Assert.Equal(2, s.SeenStreak);

        var (confirmed, events) = Run(s, Rules, Seen(6));
        Assert.Equal(GoalStage.Confirmed, confirmed.Stage);
        Assert.Contains(events[0], e => e is GoalConfirmed);
    }

    [Fact]
    public void Unknown_scorer_waits()
    {
        var (s, events) = Run(Seen(1, Unknown()), Seen(2, Unknown()), Seen(3, Unknown()), Seen(4, Unknown()));
        Assert.Equal(GoalStage.Pending, s.Stage);
        Assert.Equal(0, s.SeenStreak);
        Assert.Equal(Unknown(), s.Facts);
        Assert.All(events, e => Assert.Equal(new[] { typeof(GoalSighted) }, Types(e)));
    }

    [Fact]
    public void Unknown_scorer_sighting_resets_the_missing_streak()
    {
        var (s, _) = Run(Miss(1), Miss(2), Seen(3, Unknown()), Miss(4), Miss(5));
        Assert.Equal(GoalStage.Pending, s.Stage);
        Assert.Equal(2, s.MissingStreak);
    }

    [Fact]
    public void Unknown_scorer_becoming_known_is_a_reattribution_and_starts_counting()
    {
        var known = Goal(player: "Morata", playerId: 11);
        var (s, events) = Run(Seen(1, Unknown()), Seen(2, known), Seen(3, known), Seen(4, known));

        Assert.Equal(new[] { typeof(GoalReattributed), typeof(GoalSighted) }, Types(events[1]));
        var r = (GoalReattributed)events[1][0];
        Assert.Equal((Unknown(), known), (r.Before, r.After));
        Assert.DoesNotContain(events[2], e => e is GoalConfirmed);
        Assert.Contains(events[3], e => e is GoalConfirmed);
        Assert.Equal(GoalStage.Confirmed, s.Stage);
    }

    [Fact]
    public void Unknown_scorer_holds_the_streak_without_advancing_it()
    {
        var known = Goal();
        var (s, events) = Run(Seen(1, known), Seen(2, Unknown()), Seen(3, known), Seen(4, known));
        Assert.DoesNotContain(events[2], e => e is GoalConfirmed);
        Assert.Contains(events[3], e => e is GoalConfirmed);
        Assert.Equal(GoalStage.Confirmed, s.Stage);
    }

    [Fact]
    public void Three_misses_withdraw_a_confirmed_goal()
    {
        var (s, events) = Run(Seen(1), Seen(2), Seen(3), Miss(4), Miss(5), Miss(6));
        Assert.Equal(new[] { typeof(GoalMissed) }, Types(events[4]));
        Assert.Equal(new[] { typeof(GoalMissed), typeof(GoalWithdrawn) }, Types(events[5]));
        Assert.Equal(GoalStage.Withdrawn, s.Stage);
        Assert.Equal("cancelled", s.SummaryState);
        Assert.Equal(0, s.SeenStreak);
    }

    [Fact]
    public void Three_misses_withdraw_a_pending_goal_which_was_never_published()
    {
        var (s, _) = Run(Seen(1), Miss(2), Miss(3), Miss(4));
        Assert.Equal(GoalStage.Withdrawn, s.Stage);
        Assert.False(s.WasConfirmed);
        Assert.Null(s.SummaryState);
    }

    [Fact]
    public void A_sighting_restarts_the_missing_streak()
    {
        var (s, _) = Run(Seen(1), Seen(2), Seen(3), Miss(4), Miss(5), Seen(6), Miss(7), Miss(8));
        Assert.Equal(GoalStage.Confirmed, s.Stage);
        Assert.Equal(2, s.MissingStreak);
    }

    [Fact]
    public void Withdrawn_ignores_misses()
    {
        var (s, _) = Run(Seen(1), Miss(2), Miss(3), Miss(4));
        Assert.Empty(s.Decide(Miss(5), Rules));
    }

    [Fact]
    public void A_withdrawn_goal_seen_again_is_revived_and_must_be_reconfirmed()
    {
        var (withdrawn, _) = Run(Seen(1), Seen(2), Seen(3), Miss(4), Miss(5), Miss(6));

        var (s, events) = Run(withdrawn, Rules, Seen(7), Seen(8), Seen(9));

        Assert.Equal(new[] { typeof(GoalRevived), typeof(GoalSighted) }, Types(events[0]));
        Assert.Equal(new[] { typeof(GoalSighted) }, Types(events[1]));
        Assert.Equal(new[] { typeof(GoalSighted), typeof(GoalConfirmed) }, Types(events[2]));
        Assert.Equal(GoalStage.Confirmed, s.Stage);
        Assert.Equal(At(9), s.ConfirmedAt);

        var revived = withdrawn.ApplyAll(events[0]);
        Assert.Equal(GoalStage.Pending, revived.Stage);
        Assert.Equal(1, revived.SeenStreak);
        Assert.True(revived.WasConfirmed);
        Assert.Null(revived.SummaryState);
    }

    [Fact]
    public void Revival_with_changed_facts_emits_the_change_too()
    {
        var (withdrawn, _) = Run(Seen(1), Miss(2), Miss(3), Miss(4));
        var moved = Goal(minute: 12);
        var events = withdrawn.Decide(Seen(5, moved), Rules);
        Assert.Equal(new[] { typeof(GoalRevived), typeof(GoalCorrected), typeof(GoalSighted) }, Types(events));
    }

    [Fact]
    public void With_one_sighting_to_confirm_a_revival_confirms_at_once()
    {
        var rules = new ConfirmationRules(SightingsToConfirm: 1, MissesToWithdraw: 1);
        var (s, events) = Run(GoalLifecycle.New(G, Fx), rules, Seen(1), Miss(2), Seen(3));
        Assert.Equal(new[] { typeof(GoalSighted), typeof(GoalConfirmed) }, Types(events[0]));
        Assert.Equal(new[] { typeof(GoalMissed), typeof(GoalWithdrawn) }, Types(events[1]));
        Assert.Equal(new[] { typeof(GoalRevived), typeof(GoalSighted), typeof(GoalConfirmed) }, Types(events[2]));
        Assert.Equal(GoalStage.Confirmed, s.Stage);
    }

    [Fact]
    public void Minute_correction_emits_corrected_and_keeps_the_streak()
    {
        var before = Goal(minute: 23);
        var after = Goal(minute: 25, assist: "Koke", assistId: 7);
        var (s, events) = Run(Seen(1, before), Seen(2, after), Seen(3, after));

        Assert.Equal(new[] { typeof(GoalCorrected), typeof(GoalSighted) }, Types(events[1]));
        var c = (GoalCorrected)events[1][0];
        Assert.Equal((before, after, At(2)), (c.Before, c.After, c.At));
        Assert.Contains(events[2], e => e is GoalConfirmed);
        Assert.Equal(after, s.Facts);
    }

    [Fact]
    public void Scorer_change_emits_reattributed_even_after_confirmation()
    {
        var x = Goal(player: "A. Griezmann", playerId: 10, minute: 30);
        var y = Goal(player: "D. Carvajal", playerId: 50, minute: 30, detail: GoalDetail.OwnGoal);
        var (s, events) = Run(Seen(1, x), Seen(2, x), Seen(3, x), Seen(4, y));

        Assert.Equal(new[] { typeof(GoalReattributed), typeof(GoalSighted) }, Types(events[3]));
        Assert.Equal((x, y), (((GoalReattributed)events[3][0]).Before, ((GoalReattributed)events[3][0]).After));
        Assert.Equal(GoalStage.Confirmed, s.Stage);
        Assert.Equal(y, s.Facts);
        Assert.Equal(4, s.SeenStreak);
    }

    [Fact]
    public void Unchanged_facts_emit_only_a_sighting()
    {
        var (s, _) = Run(Seen(1));
        Assert.Equal(new[] { typeof(GoalSighted) }, Types(s.Decide(Seen(2), Rules)));
    }

    [Fact]
    public void A_confirmed_goal_seen_again_unchanged_persists_nothing_until_a_miss_or_a_correction()
    {
        var (confirmed, _) = Run(Seen(1), Seen(2), Seen(3));
        Assert.Equal(GoalStage.Confirmed, confirmed.Stage);
        Assert.Empty(confirmed.Decide(Seen(4), Rules));

        var corrected = Goal(minute: 11);
        Assert.Equal(new[] { typeof(GoalCorrected), typeof(GoalSighted) }, Types(confirmed.Decide(Seen(4, corrected), Rules)));

        var missed = confirmed.ApplyAll(confirmed.Decide(new ObserveMissing(At(4)), Rules));
        Assert.Equal(new[] { typeof(GoalSighted) }, Types(missed.Decide(Seen(5), Rules)));
    }

    [Fact]
    public void Redelivered_or_stale_observations_are_ignored()
    {
        var (s, _) = Run(Seen(1), Seen(2));
        Assert.Empty(s.Decide(Seen(2), Rules));
        Assert.Empty(s.Decide(Seen(1), Rules));
        Assert.Empty(s.Decide(Miss(2), Rules));
        Assert.Empty(s.Decide(Seen(2, Goal(player: "Other", playerId: 77)), Rules));
        Assert.Single(s.Decide(Seen(3), Rules).OfType<GoalConfirmed>());
    }

    [Fact]
    public void Redelivering_a_whole_history_changes_nothing()
    {
        GoalCommand[] history = [Seen(1), Seen(2), Miss(3), Seen(4), Seen(5), Seen(6), new MarkComplete(At(7))];
        var (s, _) = Run(history);
        var (again, events) = Run(s, Rules, history);
        Assert.All(events, Assert.Empty);
        Assert.Equal(s, again);
        Assert.Equal(GoalStage.Complete, s.Stage);
    }

    [Fact]
    public void Match_finished_expires_a_pending_goal()
    {
        var (s, events) = Run(Seen(1), Seen(2), new MarkMatchFinished(At(3)));
        Assert.Equal(new[] { typeof(GoalMatchFinished), typeof(GoalExpired) }, Types(events[2]));
        Assert.Equal(GoalStage.Expired, s.Stage);
        Assert.True(s.MatchFinished);
        Assert.Null(s.SummaryState);
        Assert.True(s.IsTerminal);
        Assert.Empty(s.Decide(Seen(4), Rules));
        Assert.Empty(s.Decide(Miss(4), Rules));
        Assert.Empty(s.Decide(new MarkComplete(At(4)), Rules));
        Assert.Empty(s.Decide(new MarkMatchFinished(At(4)), Rules));
    }

    [Fact]
    public void Match_finished_keeps_a_confirmed_goal_confirmed_until_marked_complete()
    {
        var (s, events) = Run(Seen(1), Seen(2), Seen(3), new MarkMatchFinished(At(4)), new MarkMatchFinished(At(5)));
        Assert.Equal(new[] { typeof(GoalMatchFinished) }, Types(events[3]));
        Assert.Empty(events[4]);
        Assert.Equal(GoalStage.Confirmed, s.Stage);
        Assert.True(s.MatchFinished);

        var (done, e2) = Run(s, Rules, new MarkComplete(At(6)));
        Assert.Equal(new[] { typeof(GoalCompleted) }, Types(e2[0]));
        Assert.Equal("complete", done.SummaryState);
    }

    [Fact]
    public void A_confirmed_goal_can_still_be_withdrawn_during_grace_polls()
    {
        var (s, _) = Run(Seen(1), Seen(2), Seen(3), new MarkMatchFinished(At(4)), Miss(5), Miss(6), Miss(7));
        Assert.Equal(GoalStage.Withdrawn, s.Stage);
        Assert.Equal("cancelled", s.SummaryState);
        Assert.True(s.IsTerminal);
        Assert.Empty(s.Decide(Seen(8), Rules));
    }

    [Fact]
    public void Withdrawn_is_terminal_once_the_match_finished()
    {
        var (s, events) = Run(Seen(1), Miss(2), Miss(3), Miss(4), new MarkMatchFinished(At(5)));
        Assert.Equal(new[] { typeof(GoalMatchFinished) }, Types(events[4]));
        Assert.Equal(GoalStage.Withdrawn, s.Stage);
        Assert.Empty(s.Decide(Seen(6), Rules));
    }

    [Fact]
    public void Mark_complete_only_acts_on_a_confirmed_goal()
    {
        var (pending, _) = Run(Seen(1));
        Assert.Empty(pending.Decide(new MarkComplete(At(2)), Rules));

        var (withdrawn, _) = Run(Seen(1), Seen(2), Seen(3), Miss(4), Miss(5), Miss(6));
        Assert.Empty(withdrawn.Decide(new MarkComplete(At(7)), Rules));

        var (complete, events) = Run(Seen(1), Seen(2), Seen(3), new MarkComplete(At(4)), new MarkComplete(At(5)));
        Assert.Equal(new[] { typeof(GoalCompleted) }, Types(events[3]));
        Assert.Empty(events[4]);
        Assert.Equal(GoalStage.Complete, complete.Stage);
        Assert.True(complete.IsTerminal);
        Assert.Empty(complete.Decide(Miss(6), Rules));
        Assert.Empty(complete.Decide(Seen(6, Goal(player: "X", playerId: 1)), Rules));
    }

    [Fact]
    public void Mark_complete_from_before_the_confirmation_is_stale()
    {
        var (s, _) = Run(Seen(10), Seen(20), Seen(30));
        Assert.Empty(s.Decide(new MarkComplete(At(29)), Rules));
        Assert.Single(s.Decide(new MarkComplete(At(30)), Rules));
    }

    [Fact]
    public void Decide_does_not_change_the_state()
    {
        var (s, _) = Run(Seen(1), Seen(2));
        var copy = s with { };
        _ = s.Decide(Seen(3), Rules);
        Assert.Equal(copy, s);
        Assert.Equal(GoalStage.Pending, s.Stage);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-1, 1)]
    public void Confirmation_rules_must_be_at_least_one(int sightings, int misses) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfirmationRules(sightings, misses));

    [Fact]
    public void Confirmation_rules_validate_with_expressions_too()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfirmationRules.Default with { MissesToWithdraw = 0 });
        var r = ConfirmationRules.Default with { SightingsToConfirm = 5 };
        Assert.Equal((5, 3), (r.SightingsToConfirm, r.MissesToWithdraw));
    }

    public static TheoryData<GoalEvent> AllEvents() =>
    [
        new GoalSighted(At(1), Goal()),
        new GoalMissed(At(2)),
        new GoalConfirmed(At(3)),
        new GoalCorrected(At(4), Goal(minute: 10), Goal(minute: 11, extra: 2)),
        new GoalReattributed(At(5), Goal(), Unknown()),
        new GoalWithdrawn(At(6)),
        new GoalRevived(At(7)),
        new GoalMatchFinished(At(8)),
        new GoalCompleted(At(9)),
        new GoalExpired(At(10)),
    ];

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Events_are_plain_records_that_round_trip_through_json(GoalEvent e)
    {
        var json = JsonSerializer.Serialize(e, e.GetType());
        var back = (GoalEvent)JsonSerializer.Deserialize(json, e.GetType())!;
        Assert.Equal(e, back);
        Assert.Contains("\"At\"", json);
    }
}
