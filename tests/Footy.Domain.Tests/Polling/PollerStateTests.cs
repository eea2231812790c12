using Footy.Domain.Fixtures;
using Footy.Domain.Polling;
using static Footy.Domain.Polling.PollerEffects;
using static Footy.Domain.Polling.PollerEvents;
using static Footy.Domain.Polling.PollerInputs;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests.Polling;

/// <summary>The poller's rules: when to ingest, what to activate, poll and forget, and what it persists.</summary>
public class PollerStateTests
{
    internal static readonly PollingRules Rules = new(new TimeOnly(0, 5), TimeSpan.FromMinutes(30), MaxIdsPerCall: 20, TimeSpan.FromSeconds(30), null, false);

    internal static PollerState Start() => PollerState.Start(new RequestBudgetOptions(7500, 300));

    internal static TrackedFixture Tracked(long id, FixturePhase phase, string status = "NS", DateTimeOffset? kickoff = null) =>
        new(new FixtureId(id), kickoff ?? T0, phase, status);

    internal static PollerState With(params TrackedFixture[] fixtures) =>
        Fold(Start(), fixtures.Select(f => new FixtureStandingRecorded(f.Id, f.Kickoff, f.Phase, f.Status)));

    internal static PollerState Fold(PollerState state, IEnumerable<IPollerEvent> events) => events.Aggregate(state, (s, e) => s.Apply(e));

    private static DateTimeOffset Utc(int day, int hour, int minute) => new(2025, 5, day, hour, minute, 0, TimeSpan.Zero);

    public static TheoryData<int?, DateTimeOffset, bool> Ingests() => new()
    {
        { null, Utc(10, 0, 0), true },
        { 10, Utc(10, 23, 59), false },
        { 9, Utc(10, 0, 4), false },
        { 9, Utc(10, 0, 5), true },
        { 8, Utc(10, 0, 1), true },
    };

    /// <summary>First ever; once a day from the ingest time; at once after a whole day was missed.</summary>
    [Theory]
    [MemberData(nameof(Ingests))]
    public void The_ingest_is_due_first_then_daily_from_its_time_and_at_once_after_a_missed_day(int? lastDay, DateTimeOffset now, bool due)
    {
        var state = lastDay is { } d ? Start().Apply(new IngestCompleted(new DateOnly(2025, 5, d), Utc(d, 0, 5))) : Start();
        Assert.Equal(due, state.IsIngestDue(now, Rules.IngestTime));
    }

    [Fact]
    public void Staging_fixtures_are_activated_from_the_lead_before_kickoff_unless_postponed()
    {
        var state = With(
            Tracked(1, FixturePhase.Staging), Tracked(2, FixturePhase.Staging, "PST"), Tracked(3, FixturePhase.Active, "1H"),
            Tracked(4, FixturePhase.Staging, kickoff: T0.AddHours(2)), Tracked(5, FixturePhase.Finished, "FT"));
        Assert.Empty(state.DueForActivation(T0 - Rules.ActivationLead - TimeSpan.FromSeconds(1), Rules.ActivationLead));
        Assert.Equal([1L], state.DueForActivation(T0 - Rules.ActivationLead, Rules.ActivationLead).Select(f => f.Id.Value));
        Assert.Equal([1L, 4L], state.DueForActivation(T0.AddHours(2), Rules.ActivationLead).Select(f => f.Id.Value));
    }

    [Fact]
    public void Active_and_finishing_fixtures_are_polled_in_batches_of_the_most_ids_a_call_takes()
    {
        var fixtures = Enumerable.Range(1, 45).Select(i => Tracked(i, i % 2 == 0 ? FixturePhase.Active : FixturePhase.Finishing, "1H"))
            .Append(Tracked(100, FixturePhase.Staging)).Append(Tracked(101, FixturePhase.Finished, "FT")).ToArray();
        var plan = With(fixtures).PlanPoll(Start().Budget, T0, Rules);
        Assert.Null(plan.Skipped);
        Assert.Equal([20, 20, 5], plan.Batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(1, 45).Select(i => (long)i), plan.Batches.SelectMany(b => b).Select(id => id.Value));
        Assert.Empty(With(Tracked(100, FixturePhase.Staging)).PlanPoll(Start().Budget, T0, Rules).Batches);
    }

    [Fact]
    public void A_cycle_sooner_than_the_interval_after_the_last_does_not_poll_but_one_a_second_early_does()
    {
        var state = With(Tracked(1, FixturePhase.Active, "1H")).Apply(new PollCycleCompleted(T0, 1, 0, null, null, null, null));
        var tooSoon = state.PlanPoll(state.Budget, T0.AddSeconds(28), Rules);
        Assert.Empty(tooSoon.Batches);
        Assert.Equal("budget: next poll due in 2s", tooSoon.Skipped);
        Assert.Single(state.PlanPoll(state.Budget, T0.AddSeconds(29), Rules).Batches);
    }

    [Fact]
    public void A_low_budget_stretches_the_interval()
    {
        var state = With(Tracked(1, FixturePhase.Active, "1H")).Apply(new PollCycleCompleted(T0, 1, 0, 100, 2, null, null));
        Assert.Empty(state.PlanPoll(state.Budget, T0.AddMinutes(10), Rules).Batches);
    }

    public static TheoryData<FixturePhase, int, int?, bool, bool, bool> Forgettings()
    {
        var data = new TheoryData<FixturePhase, int, int?, bool, bool, bool>();
        foreach (var phase in Enum.GetValues<FixturePhase>())
            foreach (var days in new[] { 2, 4, 15, 31 })
                foreach (var keep in new int?[] { null, 30 })
                    foreach (var purge in new[] { false, true })
                    {
                        var forgotten = phase switch
                        {
                            FixturePhase.Staging => days > 3,
                            FixturePhase.Finished => days > (keep ?? 14),
                            _ => false,
                        };
                        data.Add(phase, days, keep, purge, forgotten, forgotten && keep is not null && purge);
                    }
        return data;
    }

    /// <summary>Every phase, age and retention setting: never played after 3 days, finished after the retention period (14 days when off), purged first only with retention on and purging asked for.</summary>
    [Theory]
    [MemberData(nameof(Forgettings))]
    public void Fixtures_are_forgotten_when_done_with_and_purged_first_only_when_asked(FixturePhase phase, int days, int? keepDays, bool purge, bool forgotten, bool purgedFirst)
    {
        var rules = Rules with { KeepFinishedFor = keepDays is { } k ? TimeSpan.FromDays(k) : null, PurgeFinished = purge };
        var plans = With(Tracked(1, phase, "FT")).DueToForget(T0.AddDays(days).AddSeconds(1), rules);
        Assert.Equal(forgotten ? new[] { new ForgetPlan(Tracked(1, phase, "FT"), purgedFirst) } : [], plans);
    }

    [Fact]
    public void A_standing_is_recorded_only_when_it_differs_from_the_registry()
    {
        var state = With(Tracked(1, FixturePhase.Active, "1H"));
        Assert.Empty(state.Decide(new TrackStanding(Tracked(1, FixturePhase.Active, "1H"))).Events);
        Assert.Equal([new FixtureStandingRecorded(new FixtureId(1), T0, FixturePhase.Active, "HT")],
            state.Decide(new TrackStanding(Tracked(1, FixturePhase.Active, "HT"))).Events);
        Assert.Single(state.Decide(new TrackStanding(Tracked(2, FixturePhase.Staging))).Events);
    }

    [Fact]
    public void Hunts_are_registered_and_unregistered_once()
    {
        var (open, events) = Step(Start(), new OpenHunt("979139-1"));
        Assert.Equal([new HuntRegistered("979139-1")], events);
        Assert.Empty(Step(open, new OpenHunt("979139-1")).Events);
        var (closed, closing) = Step(open, new CloseHunt("979139-1"));
        Assert.Equal([new HuntUnregistered("979139-1")], closing);
        Assert.Empty(Step(closed, new CloseHunt("979139-1")).Events);
    }

    [Fact]
    public void A_backfill_asked_twice_is_recorded_once_and_answered_both_times()
    {
        var day = new DateOnly(2025, 5, 9);
        var first = Start().Decide(new RequestBackfill(day));
        Assert.Equal([new BackfillRequested(day)], first.Events);
        var second = Fold(Start(), first.Events).Decide(new RequestBackfill(day));
        Assert.Empty(second.Events);
        Assert.Equal([new AnswerBackfill(day)], first.Effects);
        Assert.Equal([new AnswerBackfill(day)], second.Effects);
    }

    [Fact]
    public void A_cycle_that_changed_the_registry_persists_its_changes_with_its_calls()
    {
        var calls = new PollCycleCompleted(T0, 2, 0, 100, 90, 10, 8);
        var changes = new IPollerEvent[] { new FixtureStandingRecorded(new FixtureId(1), T0, FixturePhase.Active, "1H") };
        var decision = Start().Decide(new CompleteCycle(changes, calls));
        Assert.Equal([.. changes, calls], decision.Events);
        Assert.Empty(decision.Effects);
        Assert.Equal(changes, Start().Decide(new CompleteCycle(changes, null)).Events);
    }

    [Fact]
    public void A_quiet_cycle_persists_nothing_and_keeps_its_calls_in_the_snapshot()
    {
        var state = With(Tracked(1, FixturePhase.Active, "1H"));
        var decision = state.Decide(new CompleteCycle([], new PollCycleCompleted(T0, 1, 0, 100, 40, 10, 9)));
        Assert.Empty(decision.Events);
        Assert.Equal([new OverwriteSnapshot()], decision.Effects);
        Assert.Equal((T0, T0, 60), (decision.State.LastCycleAt, decision.State.LastSuccessfulPollAt, decision.State.Budget.UsedToday));
        Assert.Same(state.Fixtures, decision.State.Fixtures);

        var failed = state.Decide(new CompleteCycle([], new PollCycleCompleted(T0, 1, 1, null, null, null, null))).State;
        Assert.Equal((T0, (DateTimeOffset?)null), (failed.LastCycleAt, failed.LastSuccessfulPollAt));
    }

    [Fact]
    public void A_cycle_without_calls_or_changes_decides_nothing()
    {
        var decision = Start().Decide(new CompleteCycle([], null));
        Assert.Equal((0, 0), (decision.Events.Count, decision.Effects.Count));
    }

    private static (PollerState State, IReadOnlyList<IPollerEvent> Events) Step(PollerState state, PollerInput input)
    {
        var decision = state.Decide(input);
        return (Fold(decision.State, decision.Events), decision.Events);
    }
}
