using System.Text.Json;
using FsCheck.Xunit;
using Footy.Domain.Goals;
using static Footy.Domain.Goals.GoalEffects;
using static Footy.Domain.Goals.GoalInputs;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

/// <summary>
/// Property tests over random lives of a goal, run as the actor runs them: decide, apply the events, follow every
/// <see cref="ReviewNow"/>; attempts end (succeed or fail) only after they were started.
/// </summary>
public class GoalStateProperties
{
    private static readonly GoalFacts Facts = Goal(player: "A. Griezmann", playerId: 10, minute: 30);

    private sealed record Life(GoalState State, List<object> Persisted, List<GoalEffect> Effects, int? Running, bool StartedWhileRunning);

    private static Life Live(byte[]? ops, GoalRules rules)
    {
        var life = new Life(GoalState.New(GoalId.For(Fx, 1)), [], [], null, false);
        var i = 0;
        foreach (var op in ops ?? [])
        {
            var at = At(++i * 20);
            GoalInput input = (op % 12) switch
            {
                < 4 => new Observe(at, Facts, "H", "A"),
                4 => new Observe(at, null, "H", "A"),
                5 or 6 => new SearchTick(at, op % 2 == 0),
                7 when life.Running is { } n => new AttemptSucceeded(n, at,
                    [new ClipEvents.ClipSearchAttempted(at, n, [$"p{i}"], []), new ClipEvents.ClipStored(at, GoalStateTests.Clip($"k{i}"))]),
                8 when life.Running is { } n => new AttemptFailed(n, at, "boom"),
                9 => new RetrySearch(at),
                10 => new MatchFinished(at),
                _ => new Review(at),
            };
            life = Feed(life, input, rules);
        }
        return life;
    }

    private static Life Feed(Life life, GoalInput input, GoalRules rules)
    {
        var decision = life.State.Decide(input, rules);
        var state = decision.Events.Aggregate(decision.State, (s, e) => s.Apply(e));
        life.Persisted.AddRange(decision.Events);
        life.Effects.AddRange(decision.Effects);
        var running = input is AttemptSucceeded or AttemptFailed ? null : life.Running;
        var start = decision.Effects.OfType<StartAttempt>().SingleOrDefault();
        life = life with
        {
            State = state,
            Running = start?.Attempt ?? running,
            StartedWhileRunning = life.StartedWhileRunning || (start is not null && running is not null),
        };
        return decision.Effects.Any(e => e is ReviewNow) ? Feed(life, new Review(input is SearchTick t ? t.Now : At(0)), rules) : life;
    }

    private static GoalRules ToRules(byte attempts) => new(new ConfirmationRules(2, 2), 1 + attempts % 4, TimeSpan.FromSeconds(30));

    [Property(MaxTest = 300)]
    public void The_persisted_state_is_the_fold_of_the_persisted_events(byte[] ops, byte attempts)
    {
        var life = Live(ops, ToRules(attempts));
        var rebuilt = life.Persisted.Aggregate(GoalState.New(GoalId.For(Fx, 1)), (s, e) => s.Apply(e));
        Assert.Equal(JsonSerializer.Serialize(life.State.ToSnapshot()), JsonSerializer.Serialize(rebuilt.ToSnapshot()));
    }

    [Property(MaxTest = 300)]
    public void Never_two_attempts_at_once_nor_more_than_the_rules_allow_per_round(byte[] ops, byte attempts)
    {
        var rules = ToRules(attempts);
        var life = Live(ops, rules);
        Assert.False(life.StartedWhileRunning);
        Assert.True(life.State.Hunt is null || life.State.Hunt.AttemptsMade <= rules.SearchAttempts);
        Assert.All(life.Effects.OfType<StartAttempt>(), s => Assert.InRange(s.Attempt, 1, rules.SearchAttempts));
    }

    [Property(MaxTest = 300)]
    public void The_search_starts_once_and_only_for_a_confirmed_goal(byte[] ops, byte attempts)
    {
        var life = Live(ops, ToRules(attempts));
        Assert.True(life.Persisted.OfType<ClipEvents.ClipHuntStarted>().Count() <= 1);
        var started = life.Persisted.FindIndex(e => e is ClipEvents.ClipHuntStarted);
        var confirmed = life.Persisted.FindIndex(e => e is GoalConfirmed);
        Assert.True(started < 0 || (confirmed >= 0 && confirmed < started));
        Assert.Equal(started >= 0, life.State.Hunt is not null);
    }

    [Property(MaxTest = 300)]
    public void A_goal_completes_only_after_its_search_finished(byte[] ops, byte attempts)
    {
        var life = Live(ops, ToRules(attempts));
        var completed = life.Persisted.FindIndex(e => e is GoalCompleted);
        var finished = life.Persisted.FindIndex(e => e is ClipEvents.ClipHuntFinished);
        Assert.True(completed < 0 || (finished >= 0 && finished < completed));
        if (life.State.Stage == GoalStage.Confirmed && life.State.Hunt is { Finished: true })
            Assert.Fail("a confirmed goal whose search finished must have completed");
    }

    [Property(MaxTest = 300)]
    public void A_settled_goal_keeps_no_clips_unless_complete_and_never_searches(byte[] ops, byte attempts)
    {
        var state = Live(ops, ToRules(attempts)).State;
        if (!state.IsSettled) return;
        Assert.False(state.SearchRunning);
        Assert.True(state.Stage == GoalStage.Complete || state.Hunt is not { Clips.Count: > 0 });
    }
}
