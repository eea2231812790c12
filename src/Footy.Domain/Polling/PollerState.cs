using System.Collections.Immutable;
using Footy.Domain.Fixtures;
using static Footy.Domain.Polling.PollerEffects;
using static Footy.Domain.Polling.PollerEvents;
using static Footy.Domain.Polling.PollerInputs;

namespace Footy.Domain.Polling;

/// <summary>What one decision produces: the poller's state with an unpersisted cycle noted, the events to persist, and the effects to run after them.</summary>
public sealed record PollerDecision(PollerState State, IReadOnlyList<IPollerEvent> Events, IReadOnlyList<PollerEffect> Effects);

/// <summary>What a cycle polls: batches of fixture ids (one call each), or none, with the reason when polling is held back.</summary>
public sealed record PollPlan(IReadOnlyList<FixtureId[]> Batches, string? Skipped);

/// <summary>A fixture that leaves the registry; with <paramref name="PurgeFirst"/> its records (fixture, goals, clips) are purged before.</summary>
public sealed record ForgetPlan(TrackedFixture Fixture, bool PurgeFirst);

/// <summary>
/// The poller's registry of fixtures, its open clip searches and its request budget, rebuilt from its events; persisted as
/// its snapshot (keep its properties). The pure rules of a cycle: when to ingest, which fixtures to activate, what to poll
/// and when, which fixtures to forget. <see cref="Decide"/> turns what the poller hears into events and effects.
/// </summary>
public sealed record PollerState(
    ImmutableSortedDictionary<long, TrackedFixture> Fixtures,
    DateOnly? LastIngestDay,
    DateTimeOffset? LastCycleAt,
    DateTimeOffset? LastSuccessfulPollAt,
    RequestBudget Budget,
    ImmutableSortedSet<string> OpenHunts,
    ImmutableSortedSet<DateOnly>? Backfills = null)
{
    /// <summary>With retention off, a finished fixture leaves the registry this long after kickoff (its records stay).</summary>
    public static readonly TimeSpan ForgetFinishedAfter = TimeSpan.FromDays(14);

    /// <summary>A fixture still staging this long after its kickoff was never played.</summary>
    public static readonly TimeSpan ForgetUnplayedAfter = TimeSpan.FromDays(3);

    /// <summary>A cycle a little early (timers, clock jitter) still polls.</summary>
    public static readonly TimeSpan IntervalTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Past days an operator asked to ingest (<c>footy backfill</c>) and not yet ingested.</summary>
    public ImmutableSortedSet<DateOnly> PendingBackfills => Backfills ?? ImmutableSortedSet<DateOnly>.Empty;

    public static PollerState Start(RequestBudgetOptions budget) =>
        new(ImmutableSortedDictionary<long, TrackedFixture>.Empty, null, null, null, RequestBudget.Start(budget),
            ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal), ImmutableSortedSet<DateOnly>.Empty);

    public PollerState Apply(IPollerEvent e) => e switch
    {
        FixtureStandingRecorded s => this with
        {
            Fixtures = Fixtures.SetItem(s.FixtureId.Value, new TrackedFixture(s.FixtureId, s.Kickoff, s.Phase, s.Status)),
        },
        FixtureForgotten f => this with { Fixtures = Fixtures.Remove(f.FixtureId.Value) },
        FixturePurged => this,
        HuntRegistered h => this with { OpenHunts = OpenHunts.Add(h.GoalId) },
        HuntUnregistered h => this with { OpenHunts = OpenHunts.Remove(h.GoalId) },
        IngestCompleted i => this with { LastIngestDay = i.Day },
        BackfillRequested b => this with { Backfills = PendingBackfills.Add(b.Day) },
        BackfillCompleted b => this with { Backfills = PendingBackfills.Remove(b.Day) },
        PollCycleCompleted c => this with
        {
            LastCycleAt = c.At,
            LastSuccessfulPollAt = c.FailedCalls < c.Calls ? c.At : LastSuccessfulPollAt,
            Budget = Budget.Spend(c.Calls, c.At)
                .ObserveHeaders(c.DailyLimit, c.DailyRemaining, c.MinuteLimit, c.MinuteRemaining, c.At),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown poller event"),
    };

    public PollerDecision Decide(PollerInput input) => input switch
    {
        TrackStanding t => Track(t.Fixture) is { } recorded ? new(this, [recorded], []) : Nothing(),
        OpenHunt h => OpenHunts.Contains(h.GoalId) ? Nothing() : new(this, [new HuntRegistered(h.GoalId)], []),
        CloseHunt h => OpenHunts.Contains(h.GoalId) ? new(this, [new HuntUnregistered(h.GoalId)], []) : Nothing(),
        RequestBackfill b => new(this, PendingBackfills.Contains(b.Day) ? [] : [new BackfillRequested(b.Day)], [new AnswerBackfill(b.Day)]),
        CompleteCycle c => Completed(c),
        _ => throw new ArgumentException($"Unknown poller input {input.GetType().Name}.", nameof(input)),
    };

    /// <summary>
    /// A cycle's changes are persisted with its calls. A cycle that changed nothing persists nothing: its calls (time,
    /// budget spent, the upstream's quota) are noted in the state and kept in the poller's snapshot, which is overwritten,
    /// so a restart still knows the day's spent calls and a replay resumes after the last completed cycle.
    /// </summary>
    private PollerDecision Completed(CompleteCycle cycle)
    {
        if (cycle.Changes.Count > 0) return new(this, cycle.Calls is { } calls ? [.. cycle.Changes, calls] : cycle.Changes, []);
        return cycle.Calls is { } quiet ? new(Apply(quiet), [], [new OverwriteSnapshot()]) : Nothing();
    }

    /// <summary>The event recording a fixture's standing, or null when the registry already has it.</summary>
    public FixtureStandingRecorded? Track(TrackedFixture f) =>
        Fixtures.TryGetValue(f.Id.Value, out var known) && known == f ? null : new FixtureStandingRecorded(f.Id, f.Kickoff, f.Phase, f.Status);

    /// <summary>First ever; a new UTC day once its ingest time has passed; or at once when a whole day was missed.</summary>
    public bool IsIngestDue(DateTimeOffset now, TimeOnly ingestTime)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return LastIngestDay is not { } last
               || (last < today && TimeOnly.FromDateTime(now.UtcDateTime) >= ingestTime)
               || last < today.AddDays(-1);
    }

    public IReadOnlyList<TrackedFixture> DueForActivation(DateTimeOffset now, TimeSpan lead) =>
        Fixtures.Values.Where(f => f.IsDueForActivation(now, lead)).ToList();

    /// <summary>
    /// Every polled fixture, <see cref="PollingRules.MaxIdsPerCall"/> ids per call, unless the last cycle was more recent
    /// than the poll interval, which <paramref name="budget"/> stretches so the calls left last the day.
    /// </summary>
    public PollPlan PlanPoll(RequestBudget budget, DateTimeOffset now, PollingRules rules)
    {
        var ids = Fixtures.Values.Where(f => f.IsPolled).Select(f => f.Id).ToList();
        if (ids.Count == 0) return new([], null);
        var batches = ids.Chunk(rules.MaxIdsPerCall).ToList();
        var interval = budget.PollInterval(batches.Count, rules.Interval, now);
        if (LastCycleAt is { } last && now - last < interval - IntervalTolerance)
            return new([], FormattableString.Invariant($"budget: next poll due in {(interval - (now - last)).TotalSeconds:0}s"));
        return new(batches, null);
    }

    /// <summary>Never played fixtures after <see cref="ForgetUnplayedAfter"/>; finished ones after the retention period (see <see cref="PollingRules"/>).</summary>
    public IReadOnlyList<ForgetPlan> DueToForget(DateTimeOffset now, PollingRules rules)
    {
        var keepFor = rules.KeepFinishedFor ?? ForgetFinishedAfter;
        return Fixtures.Values
            .Where(f => (f.Phase == FixturePhase.Finished && now - f.Kickoff > keepFor)
                        || (f.Phase == FixturePhase.Staging && now - f.Kickoff > ForgetUnplayedAfter))
            .Select(f => new ForgetPlan(f, rules.KeepFinishedFor is not null && rules.PurgeFinished))
            .ToList();
    }

    private PollerDecision Nothing() => new(this, [], []);
}
