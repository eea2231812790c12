using System.Text.Json;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Domain.Fixtures.FixtureEffects;
using static Footy.Domain.Fixtures.FixtureEvents;
using static Footy.Domain.Fixtures.FixtureInputs;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests.Fixtures;

/// <summary>The fixture's decisions: scheduling, rescheduling, activation, polls (persisted only when they change something), recovery.</summary>
public class FixtureStateTests
{
    internal const int Grace = 2;

    internal static FixtureSnapshot Poll(string status, int? elapsed = null, int home = 0, int away = 0, DateTimeOffset? kickoff = null, params MatchEvent[] events) =>
        new(Fx, kickoff ?? T0, status, elapsed, Liga, Home, Away, home, away, events);

    /// <summary>Decides, then applies the decision's events, as the actor does once they are persisted.</summary>
    internal static (FixtureState State, FixtureDecision Decision) Step(FixtureState state, FixtureInput input)
    {
        var decision = state.Decide(input);
        return (decision.State.ApplyAll(decision.Events), decision);
    }

    private static FixtureState Run(FixtureState state, params FixtureInput[] inputs) => inputs.Aggregate(state, (s, i) => Step(s, i).State);

    private static FixtureState New() => FixtureState.Empty(Fx, Grace);

    private static FixtureState Active() => Run(New(), new Schedule(Poll("NS")), new Activate(T0.AddMinutes(-30)), new ObservePoll(Poll("1H", 1), At(60)));

    private static FixtureState Finished() => Run(Active(),
        new ObservePoll(Poll("FT", 90), At(6000)), new ObservePoll(Poll("FT", 90), At(6030)), new ObservePoll(Poll("FT", 90), At(6060)));

    [Fact]
    public void A_new_fixture_is_scheduled_in_staging_and_answers_its_standing()
    {
        var (state, decision) = Step(New(), new Schedule(Poll("NS")));
        Assert.Equal([new FixtureScheduled(Fx, T0, "NS", Liga, Home, Away)], decision.Events);
        Assert.Equal([new AnswerStanding()], decision.Effects);
        Assert.True(state.IsScheduled);
        Assert.Equal(FixturePhase.Staging, state.Lifecycle.Phase);
    }

    [Fact]
    public void An_ingest_that_repeats_what_is_known_persists_nothing()
    {
        var scheduled = Run(New(), new Schedule(Poll("NS")));
        var decision = scheduled.Decide(new Schedule(Poll("NS")));
        Assert.Empty(decision.Events);
        Assert.Equal([new AnswerStanding()], decision.Effects);
    }

    public static TheoryData<FixturePhase, bool, string> Reschedulings()
    {
        var data = new TheoryData<FixturePhase, bool, string>();
        foreach (var phase in Enum.GetValues<FixturePhase>())
            foreach (var moved in new[] { false, true })
                foreach (var status in new[] { "NS", "TBD", "PST", "1H", "FT", "ABD" })
                    data.Add(phase, moved, status);
        return data;
    }

    /// <summary>Every phase, kickoff moved or not, every kind of status: the ingest reschedules exactly when the lifecycle's one rule says so.</summary>
    [Theory]
    [MemberData(nameof(Reschedulings))]
    public void An_ingest_reschedules_exactly_when_the_lifecycle_rule_says_so(FixturePhase phase, bool moved, string status)
    {
        var state = phase switch
        {
            FixturePhase.Staging => Run(New(), new Schedule(Poll("NS"))),
            FixturePhase.Active => Active(),
            FixturePhase.Finishing => Run(Active(), new ObservePoll(Poll("FT", 90), At(6000))),
            _ => Finished(),
        };
        Assert.Equal(phase, state.Lifecycle.Phase);
        var kickoff = moved ? T0.AddDays(7) : T0;
        var rescheduled = state.Lifecycle.IsRescheduledBy(kickoff, status);

        var (next, decision) = Step(state, new Schedule(Poll(status, kickoff: kickoff)));

        Assert.Equal(rescheduled ? new IFixtureEvent[] { new FixtureRescheduled(kickoff, status) } : [], decision.Events);
        Assert.Equal(rescheduled ? state.Lifecycle.Reschedule(kickoff, status) : state.Lifecycle, next.Lifecycle);
    }

    [Fact]
    public void A_finished_match_replayed_at_a_new_kickoff_goes_back_to_staging_and_is_activated_and_polled_again()
    {
        var replay = T0.AddDays(14);
        var staged = Run(Finished(), new Schedule(Poll("NS", kickoff: replay)));
        Assert.Equal((FixturePhase.Staging, replay), (staged.Lifecycle.Phase, staged.Lifecycle.Kickoff));
        var (active, decision) = Step(staged, new Activate(replay.AddMinutes(-30)));
        Assert.Equal([new FixtureActivated(replay.AddMinutes(-30))], decision.Events);
        Assert.Equal(FixturePhase.Active, Step(active, new ObservePoll(Poll("1H", 2, kickoff: replay), replay.AddMinutes(2))).State.Lifecycle.Phase);
    }

    [Theory]
    [InlineData(FixturePhase.Active)]
    [InlineData(FixturePhase.Finishing)]
    [InlineData(FixturePhase.Finished)]
    public void Only_a_scheduled_staging_fixture_is_activated(FixturePhase phase)
    {
        var state = phase switch
        {
            FixturePhase.Active => Active(),
            FixturePhase.Finishing => Run(Active(), new ObservePoll(Poll("FT", 90), At(6000))),
            _ => Finished(),
        };
        Assert.Empty(state.Decide(new Activate(At(7000))).Events);
        Assert.Empty(New().Decide(new Activate(At(7000))).Events);
        Assert.Equal([new FixtureActivated(At(7000))], Run(New(), new Schedule(Poll("NS"))).Decide(new Activate(At(7000))).Events);
    }

    [Fact]
    public void A_poll_of_a_fixture_never_ingested_schedules_and_activates_it_first()
    {
        var (state, decision) = Step(New(), new ObservePoll(Poll("1H", 5), At(300)));
        Assert.Equal([typeof(FixtureScheduled), typeof(FixtureActivated), typeof(FixturePolled)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(FixturePhase.Active, state.Lifecycle.Phase);
    }

    [Fact]
    public void A_poll_older_than_the_last_and_a_later_poll_of_a_finished_fixture_are_only_answered()
    {
        foreach (var (state, at) in new[] { (Active(), At(30)), (Finished(), At(9000)) })
        {
            var decision = state.Decide(new ObservePoll(Poll("2H", 70, 1, 0), at));
            Assert.Empty(decision.Events);
            Assert.Equal([new AnswerStanding()], decision.Effects);
            Assert.Same(state, decision.State);
        }
    }

    [Fact]
    public void A_poll_that_changes_nothing_is_not_persisted_but_reaches_the_goals_and_sets_the_time_of_the_last_poll()
    {
        var goal = Event(10);
        var withGoal = Run(Active(), new ObservePoll(Poll("1H", 10, 1, 0, null, goal), At(600)));

        var (state, decision) = Step(withGoal, new ObservePoll(Poll("1H", 11, 1, 0, null, goal), At(630)));

        Assert.Empty(decision.Events);
        var hand = Assert.IsType<HandPollToGoals>(Assert.Single(decision.Effects));
        Assert.True(hand.AnswerWhenDone);
        Assert.False(hand.MatchFinished);
        Assert.Equal(At(630), hand.Poll.At);
        Assert.Equal([withGoal.Ledger.Entries[0].Id], hand.Poll.Sightings.Select(s => s.Id));
        Assert.Equal((At(630), 11), (state.Lifecycle.LastObservedAt, state.Elapsed));
        Assert.Same(withGoal.LastPoll, state.LastPoll);
        Assert.Empty(state.Decide(new ObservePoll(Poll("1H", 10, 1, 0, null, goal), At(615))).Events);
    }

    /// <summary>
    /// The last poll asked again (its poller died mid-cycle, or a goal's node died before the goal took it in): every goal
    /// gets it again, as first handed out, and the answer waits for them; nothing is persisted.
    /// </summary>
    [Fact]
    public void The_last_poll_asked_again_is_handed_to_the_goals_again_as_first_handed_out()
    {
        var goal = Event(10);
        var persisted = Run(Active(), new ObservePoll(Poll("1H", 10, 1, 0, null, goal), At(600)));
        var (quiet, first) = Step(persisted, new ObservePoll(Poll("1H", 11, 1, 0, null, goal), At(630)));
        var finished = Finished();

        foreach (var (state, poll, at, expected) in new[]
                 {
                     (persisted, Poll("1H", 10, 1, 0, null, goal), At(600), new HandPollToGoals(persisted.LastPoll!, false, true)),
                     (quiet, Poll("1H", 11, 1, 0, null, goal), At(630), (HandPollToGoals)first.Effects[0]),
                     (finished, Poll("FT", 90), At(6060), new HandPollToGoals(finished.LastPoll!, true, true)),
                 })
        {
            var again = state.Decide(new ObservePoll(poll, at));
            Assert.Empty(again.Events);
            Assert.Equivalent(expected, Assert.Single(again.Effects), strict: true);
            Assert.Same(state, again.State);
        }
    }

    public static TheoryData<string, FixtureSnapshot> Changes() => new()
    {
        { "status", Poll("HT", 45, 1, 0, null, Event(10)) },
        { "score", Poll("1H", 11, 2, 0, null, Event(10), Event(11, player: "Koke", playerId: 6)) },
        { "goal facts", Poll("1H", 11, 1, 0, null, Event(10, assist: "Koke", assistId: 6)) },
        { "goal missing", Poll("1H", 11, 1, 0) },
        { "final whistle", Poll("FT", 90, 1, 0, null, Event(10)) },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_poll_that_changes_the_fixture_is_persisted(string change, FixtureSnapshot poll)
    {
        var withGoal = Run(Active(), new ObservePoll(Poll("1H", 10, 1, 0, null, Event(10)), At(600)));
        var decision = withGoal.Decide(new ObservePoll(poll, At(630)));
        Assert.True(decision.Events.SingleOrDefault() is FixturePolled, change);
        Assert.Equal(decision.Events[0], Assert.IsType<HandPollToGoals>(decision.Effects[0]).Poll);
    }

    [Fact]
    public void A_goal_still_missing_is_persisted_once_then_no_more()
    {
        var withGoal = Run(Active(), new ObservePoll(Poll("1H", 10, 1, 0, null, Event(10)), At(600)));
        var (missing, first) = Step(withGoal, new ObservePoll(Poll("1H", 11, 1, 0), At(630)));
        var second = missing.Decide(new ObservePoll(Poll("1H", 12, 1, 0), At(660)));
        Assert.Single(first.Events);
        Assert.Empty(second.Events);
        Assert.Equal([withGoal.Ledger.Entries[0].Id], Assert.IsType<HandPollToGoals>(Assert.Single(second.Effects)).Poll.Missing);
    }

    [Fact]
    public void Every_grace_poll_is_persisted_and_the_last_tells_every_goal_the_match_finished()
    {
        var state = Run(Active(), new ObservePoll(Poll("FT", 90), At(6000)));
        Assert.Equal((FixturePhase.Finishing, Grace), (state.Lifecycle.Phase, state.Lifecycle.GracePollsLeft));
        var (finishing, first) = Step(state, new ObservePoll(Poll("FT", 90), At(6030)));
        Assert.Single(first.Events);
        Assert.Equal([new HandPollToGoals((FixturePolled)first.Events[0], false, true)], first.Effects);
        var (finished, last) = Step(finishing, new ObservePoll(Poll("FT", 90), At(6060)));
        Assert.Equal(FixturePhase.Finished, finished.Lifecycle.Phase);
        Assert.Equal([new HandPollToGoals((FixturePolled)last.Events[0], true, true)], last.Effects);
        Assert.Equal((false, true), (finishing.RestsWhenIdle(), finished.RestsWhenIdle()));
    }

    [Fact]
    public void Only_a_fixture_nothing_polls_rests_when_idle_a_postponed_one_included()
    {
        var scheduled = Run(New(), new Schedule(Poll("NS")));
        Assert.True(scheduled.RestsWhenIdle());
        var activated = Run(scheduled, new Activate(T0.AddMinutes(-30)));
        Assert.Equal(FixturePhase.Active, activated.Lifecycle.Phase);
        Assert.False(activated.RestsWhenIdle());
        Assert.False(Active().RestsWhenIdle());
        var postponed = Run(activated, new ObservePoll(Poll("PST"), T0.AddMinutes(-10)));
        Assert.Equal(FixturePhase.Staging, postponed.Lifecycle.Phase);
        Assert.True(postponed.RestsWhenIdle());
        var replayed = T0.AddDays(7);
        Assert.False(Run(postponed, new ObservePoll(Poll("1H", 3, kickoff: replayed), replayed.AddMinutes(3))).RestsWhenIdle());
    }

    [Fact]
    public void A_stale_not_started_answer_after_kickoff_changes_nothing_while_active()
    {
        var decision = Active().Decide(new ObservePoll(Poll("NS"), At(90)));
        Assert.Empty(decision.Events);
        Assert.IsType<HandPollToGoals>(Assert.Single(decision.Effects));
    }

    [Fact]
    public void After_recovery_a_fixture_reports_its_standing_and_hands_its_last_persisted_poll_out_again()
    {
        var unscheduled = New().Decide(new Recovered());
        Assert.Empty(unscheduled.Events);
        Assert.Empty(unscheduled.Effects);

        var active = Active();
        Assert.Equal([new ReportStanding(), new HandPollToGoals(active.LastPoll!, false, false)], active.Decide(new Recovered()).Effects);

        var finished = Finished();
        Assert.Equal([new ReportStanding(), new HandPollToGoals(finished.LastPoll!, true, false)], finished.Decide(new Recovered()).Effects);

        Assert.Equal([new ReportStanding()], Run(New(), new Schedule(Poll("NS"))).Decide(new Recovered()).Effects);
    }

    /// <summary>The snapshot's JSON keeps the properties journals already hold (the serializer reads them back by name).</summary>
    [Fact]
    public void The_snapshot_keeps_the_properties_stored_journals_hold()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Active()));
        Assert.Equal(
            ["Id", "IsScheduled", "League", "Home", "Away", "Lifecycle", "Ledger", "HomeGoals", "AwayGoals", "Elapsed", "LastPoll", "GracePolls"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
