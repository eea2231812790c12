using Footy.Domain.Goals;
using static Footy.Domain.Fixtures.FixtureEffects;
using static Footy.Domain.Fixtures.FixtureEvents;
using static Footy.Domain.Fixtures.FixtureInputs;

namespace Footy.Domain.Fixtures;

/// <summary>What one decision produces: the fixture's state with an unpersisted poll noted, the events to persist, and the effects to run after them.</summary>
public sealed record FixtureDecision(FixtureState State, IReadOnlyList<IFixtureEvent> Events, IReadOnlyList<FixtureEffect> Effects);

/// <summary>
/// One fixture, as a decider: its lifecycle (<see cref="FixtureLifecycle"/>: schedule, reschedule, activate, the polls)
/// and its goals' ids (<see cref="GoalLedger"/>). <see cref="Decide"/> turns an input into events and effects;
/// <see cref="Apply"/> folds a persisted event in. Persisted as the fixture's snapshot (keep its properties).
/// <para>A poll that changes nothing the fixture keeps (phase, status, grace polls, score, goals) is not persisted: the
/// state only notes its time (so an older poll is still ignored) and its elapsed minute, and the goals still get it,
/// since they count consecutive polls. After a restart the fixture knows its last persisted poll; a poll it had not
/// persisted changed nothing it keeps.</para>
/// </summary>
public sealed record FixtureState(
    FixtureId Id,
    bool IsScheduled,
    LeagueRef? League,
    TeamRef? Home,
    TeamRef? Away,
    FixtureLifecycle Lifecycle,
    GoalLedger Ledger,
    int? HomeGoals,
    int? AwayGoals,
    int? Elapsed,
    FixturePolled? LastPoll)
{
    public static FixtureState Empty(FixtureId id, int gracePolls) => new(
        id, false, null, null, null,
        FixtureLifecycle.Scheduled(DateTimeOffset.MinValue, "TBD"), GoalLedger.Empty(id), null, null, null, null)
    {
        GracePolls = gracePolls,
    };

    /// <summary>Grace polls after the final whistle; fixed by configuration and stored with the state so replays agree.</summary>
    public int GracePolls { get; init; } = 3;

    public FixtureState Apply(IFixtureEvent e) => e switch
    {
        FixtureScheduled s => this with
        {
            IsScheduled = true, League = s.League, Home = s.Home, Away = s.Away,
            Lifecycle = FixtureLifecycle.Scheduled(s.Kickoff, s.Status),
        },
        FixtureRescheduled r => this with { Lifecycle = Lifecycle.Reschedule(r.Kickoff, r.Status) },
        FixtureActivated => this with { Lifecycle = Lifecycle.Activate() },
        FixturePolled p => this with
        {
            Lifecycle = Lifecycle.Observe(p.Status, p.At, GracePolls),
            Ledger = Ledger.Record(new LedgerMatch(p.Sightings, p.Missing)),
            HomeGoals = p.HomeGoals, AwayGoals = p.AwayGoals, Elapsed = p.Elapsed, LastPoll = p,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown fixture event"),
    };

    /// <summary>
    /// Whether the fixture can leave memory when idle: nothing polls it (before kickoff, sent back by a postponement, or
    /// finished), and the next message about it (an ingest, an activation, a query) brings it back from its journal.
    /// </summary>
    public bool RestsWhenIdle() => Lifecycle.Phase is FixturePhase.Staging or FixturePhase.Finished;

    public FixtureState ApplyAll(IEnumerable<IFixtureEvent> events) => events.Aggregate(this, (state, e) => state.Apply(e));

    public FixtureDecision Decide(FixtureInput input) => input switch
    {
        Schedule s => Scheduled(s.Snapshot),
        Activate a => IsScheduled && Lifecycle.Phase == FixturePhase.Staging ? Persist(new FixtureActivated(a.At)) : Answer(),
        ObservePoll p => Observe(p.Snapshot, p.At),
        Recovered => AfterRecovery(),
        _ => throw new ArgumentException($"Unknown fixture input {input.GetType().Name}.", nameof(input)),
    };

    /// <summary>A new fixture is scheduled; a known one is rescheduled when <see cref="FixtureLifecycle.IsRescheduledBy"/> says so.</summary>
    private FixtureDecision Scheduled(FixtureSnapshot s)
    {
        if (!IsScheduled) return Persist(new FixtureScheduled(s.Id, s.Kickoff, s.StatusShort, s.League, s.Home, s.Away));
        return Lifecycle.IsRescheduledBy(s.Kickoff, s.StatusShort) ? Persist(new FixtureRescheduled(s.Kickoff, s.StatusShort)) : Answer();
    }

    /// <summary>
    /// A poll of a finished fixture, or one older than the last, is only answered; the last poll asked again is handed to
    /// the goals again (<see cref="HandedAgain"/>). A fixture never scheduled or activated is so first (the poll shows it is
    /// played). The goals get every poll; it is persisted only when it changes the fixture.
    /// </summary>
    private FixtureDecision Observe(FixtureSnapshot snapshot, DateTimeOffset at)
    {
        if (Lifecycle.LastObservedAt == at) return HandedAgain(snapshot, at);
        if (Lifecycle.Phase == FixturePhase.Finished || (Lifecycle.LastObservedAt is { } last && at < last)) return Answer();

        var events = new List<IFixtureEvent>();
        if (!IsScheduled)
            events.Add(new FixtureScheduled(snapshot.Id, snapshot.Kickoff, snapshot.StatusShort, snapshot.League, snapshot.Home, snapshot.Away));
        if (Lifecycle.Phase == FixturePhase.Staging) events.Add(new FixtureActivated(at));
        var polled = Polled(snapshot, at);
        var next = ApplyAll(events).Apply(polled);
        if (events.Count == 0 && next.KeepsTheSameAs(this))
            return new(this with { Lifecycle = next.Lifecycle, Elapsed = next.Elapsed }, [], [new HandPollToGoals(polled, false, true)]);

        events.Add(polled);
        return new(this, events, [new HandPollToGoals(polled, next.Lifecycle.Phase == FixturePhase.Finished, true)]);
    }

    /// <summary>
    /// The last poll asked again: the poller that asked died, or a goal's node died before the goal took it in, and the
    /// poll is asked again. Every goal gets it again (they ignore repeats) and the answer waits for them, so no goal misses
    /// a poll. A persisted poll is handed out as persisted; one that changed nothing was matched on the same ledger.
    /// </summary>
    private FixtureDecision HandedAgain(FixtureSnapshot snapshot, DateTimeOffset at) =>
        new(this, [], [new HandPollToGoals(LastPoll?.At == at ? LastPoll : Polled(snapshot, at), Lifecycle.Phase == FixturePhase.Finished, true)]);

    private FixturePolled Polled(FixtureSnapshot snapshot, DateTimeOffset at)
    {
        var match = Ledger.Match(GoalEventRules.ExtractGoals(snapshot));
        return new FixturePolled(at, snapshot.StatusShort, snapshot.Elapsed, snapshot.HomeGoals, snapshot.AwayGoals, match.Seen, match.Missing);
    }

    /// <summary>The last persisted poll may not have reached every goal before a crash: it is handed out again (goals ignore repeats).</summary>
    private FixtureDecision AfterRecovery()
    {
        if (!IsScheduled) return new(this, [], []);
        var finished = Lifecycle.Phase == FixturePhase.Finished;
        var effects = new List<FixtureEffect> { new ReportStanding() };
        if (LastPoll is { } lastPoll) effects.Add(new HandPollToGoals(lastPoll, finished, false));
        return new(this, [], effects);
    }

    /// <summary>Whether this state keeps what <paramref name="other"/> keeps: everything but the time of the last poll and its elapsed minute.</summary>
    private bool KeepsTheSameAs(FixtureState other) =>
        Lifecycle with { LastObservedAt = null } == other.Lifecycle with { LastObservedAt = null }
        && HomeGoals == other.HomeGoals && AwayGoals == other.AwayGoals
        && Ledger.Entries.SequenceEqual(other.Ledger.Entries);

    private FixtureDecision Persist(IFixtureEvent e) => new(this, [e], [new AnswerStanding()]);

    private FixtureDecision Answer() => new(this, [], [new AnswerStanding()]);
}
