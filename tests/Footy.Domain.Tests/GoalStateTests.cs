using System.Collections.Immutable;
using Footy.Domain.Goals;
using Footy.Media;
using static Footy.Domain.Goals.GoalEffects;
using static Footy.Domain.Goals.GoalInputs;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

/// <summary>The goal's decisions beyond confirmation: its clip search, clip deletion, completion and settling.</summary>
public class GoalStateTests
{
    private static readonly GoalId Id = GoalId.For(Fx, 1);
    private static readonly GoalRules Rules = new(new ConfirmationRules(SightingsToConfirm: 2, MissesToWithdraw: 2), SearchAttempts: 3, TimeSpan.FromMinutes(1));
    private static readonly GoalFacts Facts = Goal(player: "A. Griezmann", playerId: 10, minute: 30);

    internal static KeptClip Clip(string key) => new(key, new ClipProbe(20, 1280, 720, "h264", 1_000_000, 2_000_000, true),
        new VideoFingerprint(0.25, [1UL], [2UL], "", 20), "00", 1, ImmutableSortedSet.Create(StringComparer.Ordinal, "post-" + key));

    /// <summary>Decides, then applies the decision's events, as the actor does once they are persisted.</summary>
    internal static (GoalState State, GoalDecision Decision) Step(GoalState state, GoalInput input, GoalRules rules)
    {
        var decision = state.Decide(input, rules);
        return (decision.Events.Aggregate(decision.State, (s, e) => s.Apply(e)), decision);
    }

    private static GoalState Run(GoalState state, params GoalInput[] inputs) =>
        inputs.Aggregate(state, (s, i) => Step(s, i, Rules).State);

    private static GoalState Confirmed() =>
        Run(GoalState.New(Id), new Observe(At(10), Facts, "Home", "Away"), new Observe(At(40), Facts, "Home", "Away"));

    [Fact]
    public void A_goal_id_without_its_fixture_is_refused() =>
        Assert.Throws<ArgumentException>(() => GoalState.New(new GoalId("not-a-goal")));

    [Fact]
    public void Confirmation_starts_the_search_from_three_minutes_before_the_goal_was_first_seen()
    {
        var seen = Run(GoalState.New(Id), new Observe(At(10), Facts, "Home", "Away"));
        var (state, decision) = Step(seen, new Observe(At(40), Facts, "Home", "Away"), Rules);

        var started = Assert.IsType<ClipEvents.ClipHuntStarted>(decision.Events[^1]);
        Assert.Equal(new ClipEvents.ClipHuntStarted(At(40), At(10) - TimeSpan.FromMinutes(3), "Home", "Away"), started);
        Assert.Equal([new Acknowledge(), new ReviewNow()], decision.Effects);
        Assert.Equal(GoalStage.Confirmed, state.Stage);
        Assert.True(state.SearchRunning);
        Assert.Equal([new RegisterOpenSearch()], state.Decide(new Review(At(41)), Rules).Effects);
    }

    [Fact]
    public void An_observation_that_changes_nothing_is_acknowledged_at_once()
    {
        var seen = Run(GoalState.New(Id), new Observe(At(10), Facts, "Home", "Away"));
        var decision = seen.Decide(new Observe(At(10), Facts, "Home", "Away"), Rules);
        Assert.Empty(decision.Events);
        Assert.Equal([new Acknowledge()], decision.Effects);
    }

    /// <summary>
    /// The poller's node can die after the goal registered its search and before the poller persisted it: the poller it
    /// hands over to would never tick the search. Every observation of a searching goal registers it again (the poller
    /// ignores one it has), and a tick of a search that is over unregisters it again.
    /// </summary>
    [Fact]
    public void A_searching_goal_registers_its_search_again_at_every_observation_and_a_finished_one_unregisters_when_ticked()
    {
        var searching = Confirmed();
        var observed = searching.Decide(new Observe(At(40), Facts, "Home", "Away"), Rules);
        Assert.Empty(observed.Events);
        Assert.Equal([new Acknowledge(), new RegisterOpenSearch()], observed.Effects);

        var state = searching;
        for (var attempt = 1; attempt <= Rules.SearchAttempts; attempt++)
        {
            var at = At(40 + 60 * (attempt - 1));
            state = Run(state, new SearchTick(at, false), new AttemptSucceeded(attempt, at, [new ClipEvents.ClipSearchAttempted(at, attempt, [], [])]));
        }
        var complete = Run(state, new Review(At(700)));
        Assert.False(complete.SearchRunning);
        Assert.Equal([new UnregisterSearch(), new Acknowledge()], complete.Decide(new SearchTick(At(730), true), Rules).Effects);
        Assert.Equal([new Acknowledge()], complete.Decide(new Observe(At(40), Facts, "Home", "Away"), Rules).Effects);
    }

    [Fact]
    public void A_second_confirmation_after_a_revival_keeps_the_first_search()
    {
        var state = Run(Confirmed(), new Observe(At(70), null, "Home", "Away"), new Observe(At(100), null, "Home", "Away"),
            new Observe(At(130), Facts, "Home", "Away"), new Observe(At(160), Facts, "Home", "Away"));
        Assert.Equal(GoalStage.Confirmed, state.Stage);
        Assert.Equal(At(40), state.Hunt!.StartedAt);
    }

    /// <summary>
    /// The last attempt can end after its goal was withdrawn (its cancellation races the attempt): the search is then over
    /// while the goal is not confirmed, and its clips are deleted. Confirmed again, the goal searches again from then:
    /// it would otherwise stay confirmed for ever, its search finished before its confirmation.
    /// </summary>
    [Fact]
    public void A_search_that_finished_while_its_goal_was_withdrawn_starts_again_when_the_goal_is_confirmed_again()
    {
        var state = Confirmed();
        for (var attempt = 1; attempt < Rules.SearchAttempts; attempt++)
        {
            var at = At(40 + 60 * (attempt - 1));
            state = Run(state, new SearchTick(at, false), new AttemptSucceeded(attempt, at, [new ClipEvents.ClipSearchAttempted(at, attempt, [], [])]));
        }
        var last = At(40 + 60 * (Rules.SearchAttempts - 1));
        state = Run(state, new SearchTick(last, false), new Observe(last.AddSeconds(10), null, "Home", "Away"), new Observe(last.AddSeconds(40), null, "Home", "Away"),
            new AttemptSucceeded(Rules.SearchAttempts, last, [new ClipEvents.ClipSearchAttempted(last, Rules.SearchAttempts, [], [])]));
        Assert.Equal(GoalStage.Withdrawn, state.Stage);
        Assert.True(state.Hunt!.Finished);

        var revived = Run(state, new Observe(last.AddSeconds(70), Facts, "Home", "Away"));
        var (confirmed, decision) = Step(revived, new Observe(last.AddSeconds(100), Facts, "Home", "Away"), Rules);
        Assert.Equal([new GoalSighted(last.AddSeconds(100), Facts), new GoalConfirmed(last.AddSeconds(100)), new ClipEvents.ClipHuntRestarted(last.AddSeconds(100))],
            decision.Events);
        Assert.True(confirmed.SearchRunning);
        Assert.Equal(0, confirmed.Hunt!.AttemptsMade);
    }

    /// <summary>
    /// Whenever the withdrawal comes (after any number of attempts, with or without one running that ends after it), a
    /// goal confirmed again makes the rest of its attempts (or a new round) and completes.
    /// </summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void A_goal_confirmed_again_after_its_withdrawal_completes_whenever_the_withdrawal_came(int attemptsBefore, bool oneRunning)
    {
        var state = Confirmed();
        for (var attempt = 1; attempt <= attemptsBefore; attempt++)
        {
            var at = At(40 + 60 * (attempt - 1));
            state = Run(state, new SearchTick(at, false), new AttemptSucceeded(attempt, at, [new ClipEvents.ClipSearchAttempted(at, attempt, [], [])]));
        }
        var t = At(40 + 60 * attemptsBefore);
        if (oneRunning) state = Run(state, new SearchTick(t, false));
        state = Run(state, new Observe(t.AddSeconds(10), null, "Home", "Away"), new Observe(t.AddSeconds(40), null, "Home", "Away"));
        Assert.Equal(GoalStage.Withdrawn, state.Stage);
        if (oneRunning)
            state = Run(state, new AttemptSucceeded(attemptsBefore + 1, t, [new ClipEvents.ClipSearchAttempted(t, attemptsBefore + 1, [], [])]));
        state = Run(state, new Observe(t.AddSeconds(70), Facts, "Home", "Away"), new Observe(t.AddSeconds(100), Facts, "Home", "Away"));
        Assert.Equal(GoalStage.Confirmed, state.Stage);

        for (var tick = 0; tick < 2 * Rules.SearchAttempts && state.Stage == GoalStage.Confirmed; tick++)
        {
            var now = t.AddSeconds(100 + 60 * tick);
            var (next, decision) = Step(state, new SearchTick(now, false), Rules);
            state = decision.Effects.OfType<StartAttempt>().SingleOrDefault() is { } start
                ? Run(next, new AttemptSucceeded(start.Attempt, now, [new ClipEvents.ClipSearchAttempted(now, start.Attempt, [], [])]), new Review(now))
                : next;
        }
        Assert.Equal(GoalStage.Complete, state.Stage);
        Assert.True(state.Hunt!.FinishedAt >= state.Lifecycle.ConfirmedAt);
    }

    [Fact]
    public void Clips_deleted_after_a_withdrawal_leave_their_posts_to_be_found_again()
    {
        var hunt = ClipHunt.Start(new ClipEvents.ClipHuntStarted(At(0), At(-180), "H", "A"))
            .Apply(new ClipEvents.ClipSearchAttempted(At(5), 1, ["post-k1", "post-k2", "post-rejected"], []))
            .Apply(new ClipEvents.ClipStored(At(5), Clip("k1")))
            .Apply(new ClipEvents.ClipStored(At(5), Clip("k2")))
            .Apply(new ClipEvents.ClipRejected(At(5), "post-rejected", "too short"));
        var deleted = hunt.Apply(new ClipEvents.ClipsDeleted(At(90), ["k1"]));
        Assert.Equal(["post-k2", "post-rejected"], deleted.SeenPosts);
        Assert.Equal(["k2"], deleted.ClipKeys());
    }

    [Fact]
    public void Attempts_are_due_one_interval_apart_and_never_two_at_once()
    {
        var state = Confirmed();
        var first = Step(state, new SearchTick(At(40), false), Rules);
        Assert.Equal([new StartAttempt(1, At(40)), new Acknowledge()], first.Decision.Effects);
        Assert.True(first.State.AttemptRunning);

        var whileRunning = first.State.Decide(new SearchTick(At(200), true), Rules);
        Assert.Equal([new AnswerAfterAttempt()], whileRunning.Effects);

        var done = Step(first.State, new AttemptSucceeded(1, At(40), [new ClipEvents.ClipSearchAttempted(At(40), 1, ["p1"], [])]), Rules);
        Assert.Equal([new ReviewNow(), new ReleaseAttemptWaiters()], done.Decision.Effects);
        Assert.False(done.State.AttemptRunning);
        Assert.Equal([new Acknowledge()], done.State.Decide(new SearchTick(At(99), true), Rules).Effects);
        Assert.Equal([new StartAttempt(2, At(100)), new Acknowledge()], done.State.Decide(new SearchTick(At(100), false), Rules).Effects);
    }

    [Fact]
    public void The_last_attempt_finishes_the_search_and_the_goal_completes_then_settles()
    {
        var state = Confirmed();
        for (var attempt = 1; attempt <= Rules.SearchAttempts; attempt++)
        {
            var at = At(40 + 60 * (attempt - 1));
            state = Run(state, new SearchTick(at, false));
            var (next, decision) = Step(state, new AttemptSucceeded(attempt, at, [new ClipEvents.ClipSearchAttempted(at, attempt, [], [])]), Rules);
            Assert.Equal(attempt == Rules.SearchAttempts, decision.Events.OfType<ClipEvents.ClipHuntFinished>().Any());
            state = next;
        }
        var completing = Step(state, new Review(At(500)), Rules);
        Assert.Equal([new GoalCompleted(At(160))], completing.Decision.Events);
        var settled = completing.State.Decide(new Review(At(500)), Rules);
        Assert.Equal([new UnregisterSearch(), new PassivateWhenIdle()], settled.Effects);
        Assert.True(completing.State.IsSettled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_failed_attempt_runs_again_until_its_third_failure(int failuresBefore)
    {
        var state = Run(Confirmed(), new SearchTick(At(40), false)) with { AttemptFailures = failuresBefore - 1 };
        var (next, decision) = Step(state, new AttemptFailed(1, At(40), "boom"), Rules);
        Assert.Empty(decision.Events);
        Assert.IsType<Warn>(decision.Effects[0]);
        Assert.Equal(new ReleaseAttemptWaiters(), decision.Effects[1]);
        Assert.Equal(failuresBefore, next.AttemptFailures);
        Assert.Equal(0, next.Hunt!.AttemptsMade);
        Assert.False(next.AttemptRunning);
    }

    [Fact]
    public void The_third_failure_in_a_row_records_an_empty_attempt_and_moves_on()
    {
        var state = Run(Confirmed(), new SearchTick(At(40), false),
            new AttemptFailed(1, At(40), "boom"), new SearchTick(At(41), false),
            new AttemptFailed(1, At(41), "boom"), new SearchTick(At(42), false));
        var (next, decision) = Step(state, new AttemptFailed(1, At(42), "boom"), Rules);
        var recorded = Assert.IsType<ClipEvents.ClipSearchAttempted>(Assert.Single(decision.Events));
        Assert.Equal((At(42), 1, 0, "attempt failed: boom"), (recorded.At, recorded.Attempt, recorded.Posts.Count, Assert.Single(recorded.SourceFailures)));
        Assert.Equal(0, next.AttemptFailures);
        Assert.Equal(1, next.Hunt!.AttemptsMade);
    }

    [Fact]
    public void A_failure_after_the_search_stopped_only_releases_the_waiters()
    {
        var state = Run(Confirmed(), new SearchTick(At(40), false), new Observe(At(70), null, "", ""), new Observe(At(100), null, "", ""));
        Assert.Equal(GoalStage.Withdrawn, state.Stage);
        var decision = state.Decide(new AttemptFailed(1, At(40), "cancelled"), Rules);
        Assert.Empty(decision.Events);
        Assert.Equal([new ReleaseAttemptWaiters()], decision.Effects);
    }

    [Theory]
    [InlineData(GoalStage.Pending, true, false)]
    [InlineData(GoalStage.Confirmed, false, false)]
    [InlineData(GoalStage.Confirmed, true, true)]
    [InlineData(GoalStage.Complete, true, true)]
    [InlineData(GoalStage.Withdrawn, true, false)]
    [InlineData(GoalStage.Expired, true, false)]
    public void Only_a_confirmed_or_complete_goal_whose_search_finished_can_search_again(GoalStage stage, bool finished, bool restarted)
    {
        var hunt = ClipHunt.Start(new ClipEvents.ClipHuntStarted(At(0), At(-180), "H", "A"));
        if (finished) hunt = hunt.Apply(new ClipEvents.ClipHuntFinished(At(100)));
        var state = new GoalState(GoalLifecycle.New(Id, Fx) with { Stage = stage }, hunt);
        var (next, decision) = Step(state, new RetrySearch(At(200)), Rules);
        var answer = Assert.IsType<AnswerRetry>(decision.Effects[0]);
        Assert.Equal(restarted, answer.Restarted);
        if (restarted)
        {
            Assert.Equal([new ClipEvents.ClipHuntRestarted(At(200))], decision.Events);
            Assert.True(next.SearchRunning);
        }
        else Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_goal_without_a_search_cannot_search_again() =>
        Assert.False(Assert.IsType<AnswerRetry>(GoalState.New(Id).Decide(new RetrySearch(At(1)), Rules).Effects[0]).Restarted);

    [Theory]
    [InlineData(GoalStage.Withdrawn)]
    [InlineData(GoalStage.Expired)]
    public void A_withdrawn_or_expired_goal_stops_its_attempt_and_deletes_its_clips_once(GoalStage stage)
    {
        var hunt = ClipHunt.Start(new ClipEvents.ClipHuntStarted(At(0), At(-180), "H", "A"))
            .Apply(new ClipEvents.ClipStored(At(5), Clip("k1"))).Apply(new ClipEvents.ClipStored(At(6), Clip("k2")));
        var state = new GoalState(GoalLifecycle.New(Id, Fx) with { Stage = stage, LastObservedAt = At(90) }, hunt);

        var (deleting, decision) = Step(state, new Review(At(500)), Rules);
        Assert.Equal(new CancelAttempt(), decision.Effects[0]);
        var delete = Assert.IsType<DeleteClips>(decision.Effects[1]);
        Assert.Equal(["k1", "k2"], delete.Keys);
        Assert.Equal(At(90), delete.At);
        Assert.True(deleting.DeletingClips);
        Assert.DoesNotContain(deleting.Decide(new SearchTick(At(501), false), Rules).Effects, e => e is DeleteClips);
        Assert.DoesNotContain(deleting.Decide(new Review(At(501)), Rules).Effects, e => e is DeleteClips);

        var failed = Step(deleting, new ClipDeletionFailed("store down"), Rules).State;
        Assert.False(failed.DeletingClips);
        Assert.Contains(failed.Decide(new SearchTick(At(502), false), Rules).Effects, e => e is DeleteClips);

        var (deleted, done) = Step(deleting, new ClipsDeletedFromStore(At(90), ["k1", "k2"]), Rules);
        var deletedEvent = Assert.IsType<ClipEvents.ClipsDeleted>(Assert.Single(done.Events));
        Assert.Equal(["k1", "k2"], deletedEvent.Keys);
        Assert.Empty(deleted.Hunt!.Clips);
        Assert.False(deleted.DeletingClips);
    }

    [Theory]
    [InlineData(GoalStage.Pending, false, false, false, false)]
    [InlineData(GoalStage.Confirmed, false, false, false, false)]
    [InlineData(GoalStage.Complete, false, false, false, true)]
    [InlineData(GoalStage.Complete, true, false, false, false)]
    [InlineData(GoalStage.Expired, false, false, false, true)]
    [InlineData(GoalStage.Expired, false, true, false, false)]
    [InlineData(GoalStage.Withdrawn, false, false, false, false)]
    [InlineData(GoalStage.Withdrawn, false, false, true, true)]
    [InlineData(GoalStage.Withdrawn, false, true, true, false)]
    public void A_goal_is_settled_only_when_nothing_more_can_happen_to_it(GoalStage stage, bool searching, bool clips, bool matchFinished, bool settled)
    {
        var hunt = ClipHunt.Start(new ClipEvents.ClipHuntStarted(At(0), At(-180), "H", "A"));
        if (!searching) hunt = hunt.Apply(new ClipEvents.ClipHuntFinished(At(100)));
        if (clips) hunt = hunt.Apply(new ClipEvents.ClipStored(At(5), Clip("k1")));
        var state = new GoalState(GoalLifecycle.New(Id, Fx) with { Stage = stage, MatchFinished = matchFinished }, hunt);
        Assert.Equal(settled, state.IsSettled);
        Assert.Equal(settled, state.Decide(new Review(At(500)), Rules).Effects.Contains(new PassivateWhenIdle()));
    }

    [Fact]
    public void Kept_clips_are_shown_most_copies_first_then_by_key()
    {
        var hunt = ClipHunt.Start(new ClipEvents.ClipHuntStarted(At(0), At(-180), "H", "A"))
            .Apply(new ClipEvents.ClipStored(At(1), Clip("b") with { Popularity = 2 }))
            .Apply(new ClipEvents.ClipStored(At(2), Clip("c")))
            .Apply(new ClipEvents.ClipStored(At(3), Clip("a") with { Popularity = 2 }));
        Assert.Equal(["a", "b", "c"], hunt.ClipsBestFirst().Select(c => c.Key));
    }
}
