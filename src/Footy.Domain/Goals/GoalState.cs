using static Footy.Domain.Goals.GoalEffects;
using static Footy.Domain.Goals.GoalInputs;

namespace Footy.Domain.Goals;

/// <summary>What one decision produces: the goal's state with its in-flight work noted, the events to persist, and the effects to run after them.</summary>
public sealed record GoalDecision(GoalState State, IReadOnlyList<object> Events, IReadOnlyList<GoalEffect> Effects);

/// <summary>
/// One goal, as a decider: its confirmation (<see cref="GoalLifecycle"/>) and, once confirmed, its clip search
/// (<see cref="ClipHunt"/>). <see cref="Decide"/> turns an input into events and effects; <see cref="Apply"/> folds a
/// persisted event in. Besides the persisted state it notes the work in flight (an attempt, a deletion, consecutive
/// attempt failures), which a restart forgets on purpose: an interrupted attempt or deletion simply runs again.
/// </summary>
public sealed record GoalState(GoalLifecycle Lifecycle, ClipHunt? Hunt)
{
    public bool AttemptRunning { get; init; }

    public int AttemptFailures { get; init; }

    public bool DeletingClips { get; init; }

    public static GoalState New(GoalId id) =>
        new(GoalLifecycle.New(id, id.Fixture ?? throw new ArgumentException($"'{id}' is not a goal id of the form <fixture>-<ordinal>", nameof(id))), null);

    public static GoalState From(GoalSnapshot snapshot) => new(snapshot.Lifecycle, snapshot.Hunt);

    public GoalSnapshot ToSnapshot() => new(Lifecycle, Hunt);

    public GoalStage Stage => Lifecycle.Stage;

    /// <summary>A complete goal searches again only when an operator restarted its search (<c>footy retry goal</c>).</summary>
    public bool SearchRunning => Hunt is { Finished: false } && Stage is GoalStage.Confirmed or GoalStage.Complete;

    /// <summary>Nothing more will happen to this goal: it can leave memory (and the remembered entities).</summary>
    public bool IsSettled => Stage switch
    {
        GoalStage.Complete => !SearchRunning,
        GoalStage.Expired => Hunt is not { Clips.Count: > 0 },
        GoalStage.Withdrawn => Lifecycle.MatchFinished && Hunt is not { Clips.Count: > 0 },
        _ => false,
    };

    private bool ClipsToDelete => Stage is GoalStage.Withdrawn or GoalStage.Expired && Hunt is { Clips.Count: > 0 } && !DeletingClips;

    public GoalState Apply(object e) => e switch
    {
        GoalEvent g => this with { Lifecycle = Lifecycle.Apply(g) },
        ClipEvents.ClipHuntStarted started => this with { Hunt = ClipHunt.Start(started) },
        ClipEvents.IClipEvent c => this with { Hunt = (Hunt ?? throw new InvalidOperationException($"{c.GetType().Name} before the search started")).Apply(c) },
        _ => throw new ArgumentException($"Unknown goal event {e.GetType().Name}.", nameof(e)),
    };

    public GoalDecision Decide(GoalInput input, GoalRules rules) => input switch
    {
        Observe o => Confirm(o.Facts is null ? new ObserveMissing(o.At) : new ObserveSeen(o.At, o.Facts), o.HomeTeam, o.AwayTeam, rules),
        MatchFinished f => Confirm(new MarkMatchFinished(f.At), "", "", rules),
        SearchTick t => Tick(t, rules),
        RetrySearch r => Retry(r, rules),
        AttemptSucceeded s => AttemptOutcome(s.Attempt, s.At, s.Events, rules),
        AttemptFailed f => AttemptFailure(f, rules),
        ClipsDeletedFromStore d => new(this with { DeletingClips = false }, [new ClipEvents.ClipsDeleted(d.At, d.Keys)], [new ReviewNow()]),
        ClipDeletionFailed f => new(this with { DeletingClips = false }, [],
            [new Warn($"Goal {Lifecycle.Id}: deleting its clips failed ({f.Error}); retrying at the next clock tick")]),
        GoalInputs.Review r => Reviewed(r.Now, rules),
        _ => throw new ArgumentException($"Unknown goal input {input.GetType().Name}.", nameof(input)),
    };

    /// <summary>
    /// Confirmation rules; the confirmation starts the search, from <see cref="GoalRules.SearchMargin"/> before the goal was
    /// first seen. A goal confirmed again after a withdrawal goes on with its search, or starts a new round of attempts if
    /// the search ended meanwhile (its last attempt can finish after the withdrawal cancelled it). An observation that
    /// changes nothing still registers an open search with the poller again: the first registration is lost when the
    /// poller's node dies before persisting it, and the poller it hands over to would never tick the search (the poller
    /// ignores a registration it has).
    /// </summary>
    private GoalDecision Confirm(GoalCommand command, string home, string away, GoalRules rules)
    {
        var events = new List<object>(Lifecycle.Decide(command, rules.Confirmation));
        var next = Lifecycle.ApplyAll(events.Cast<GoalEvent>());
        if (next.Stage == GoalStage.Confirmed && Hunt is null)
            events.Add(new ClipEvents.ClipHuntStarted(command.At, (next.FirstSeenAt ?? command.At) - GoalRules.SearchMargin, home, away));
        else if (Hunt is { Finished: true } && events.Any(e => e is GoalConfirmed))
            events.Add(new ClipEvents.ClipHuntRestarted(command.At));
        if (events.Count > 0) return new(this, events, [new Acknowledge(), new ReviewNow()]);
        return new(this, [], SearchRunning ? [new Acknowledge(), new RegisterOpenSearch()] : [new Acknowledge()]);
    }

    private GoalDecision Tick(SearchTick tick, GoalRules rules)
    {
        var state = this;
        var effects = new List<GoalEffect>();
        if (ClipsToDelete)
        {
            state = state with { DeletingClips = true };
            effects.Add(DeleteAll(tick.Now));
        }
        if (SearchRunning && !AttemptRunning && tick.Now >= Hunt!.NextAttemptAt(rules.AttemptInterval))
        {
            state = state with { AttemptRunning = true };
            effects.Add(new StartAttempt(Hunt.AttemptsMade + 1, tick.Now));
        }
        // A search that is over is still ticked when its unregistration was lost with the poller's node: unregister again.
        if (!SearchRunning && Hunt is not null) effects.Add(new UnregisterSearch());
        effects.Add(tick.WaitForAttempt && state.AttemptRunning ? new AnswerAfterAttempt() : new Acknowledge());
        return new(state, [], effects);
    }

    /// <summary>Only a confirmed (or complete) goal's finished search can be restarted: a full round of attempts from now.</summary>
    private GoalDecision Retry(RetrySearch retry, GoalRules rules)
    {
        if (Hunt is null || Stage is not (GoalStage.Confirmed or GoalStage.Complete))
            return new(this, [], [new AnswerRetry(false, $"goal is {Stage}: only a confirmed goal's clips are searched")]);
        if (!Hunt.Finished)
            return new(this, [], [new AnswerRetry(false, $"its clip search is still running ({Hunt.AttemptsMade} of {rules.SearchAttempts} attempts made)")]);
        return new(this, [new ClipEvents.ClipHuntRestarted(retry.At)],
            [new AnswerRetry(true, $"clip search restarted: {rules.SearchAttempts} attempts from {retry.At:u}"), new ReviewNow()]);
    }

    /// <summary>An attempt's outcome is persisted; the last of <see cref="GoalRules.SearchAttempts"/> finishes the search.</summary>
    private GoalDecision AttemptOutcome(int attempt, DateTimeOffset at, IReadOnlyList<ClipEvents.IClipEvent> outcome, GoalRules rules)
    {
        var events = new List<object>(outcome);
        if (attempt >= rules.SearchAttempts) events.Add(new ClipEvents.ClipHuntFinished(at));
        return new(this with { AttemptRunning = false, AttemptFailures = 0 }, events,
            [new ReviewNow(), new ReleaseAttemptWaiters()]);
    }

    /// <summary>A failed attempt runs again at the next tick, until it failed <see cref="GoalRules.AttemptFailuresBeforeMovingOn"/> times: then it counts as done.</summary>
    private GoalDecision AttemptFailure(AttemptFailed failed, GoalRules rules)
    {
        var state = this with { AttemptRunning = false };
        if (!SearchRunning) return new(state, [], [new ReleaseAttemptWaiters()]);
        var failures = AttemptFailures + 1;
        if (failures < GoalRules.AttemptFailuresBeforeMovingOn)
            return new(state with { AttemptFailures = failures }, [],
            [
                new Warn($"Goal {Lifecycle.Id}: clip search attempt {failed.Attempt} failed ({failed.Error}); it runs again at the next tick"),
                new ReleaseAttemptWaiters(),
            ]);
        var movedOn = state.AttemptOutcome(failed.Attempt, failed.At,
            [new ClipEvents.ClipSearchAttempted(failed.At, failed.Attempt, [], [$"attempt failed: {failed.Error}"])], rules);
        return movedOn with
        {
            Effects =
            [
                new Warn($"Goal {Lifecycle.Id}: clip search attempt {failed.Attempt} failed {failures} times ({failed.Error}); moving on to the next attempt"),
                .. movedOn.Effects,
            ],
        };
    }

    /// <summary>
    /// What follows from the state: a confirmed goal whose search finished completes; a withdrawn or expired goal's
    /// attempt stops and its clips are deleted; an open search is registered with the poller; a settled goal leaves memory.
    /// </summary>
    private GoalDecision Reviewed(DateTimeOffset now, GoalRules rules)
    {
        if (Stage == GoalStage.Confirmed && Hunt is { FinishedAt: { } finishedAt })
        {
            var complete = Lifecycle.Decide(new MarkComplete(finishedAt), rules.Confirmation);
            if (complete.Count > 0) return new(this, complete.Cast<object>().ToList(), [new ReviewNow()]);
        }
        var state = this;
        var effects = new List<GoalEffect>();
        if (Stage is GoalStage.Withdrawn or GoalStage.Expired)
        {
            effects.Add(new CancelAttempt());
            if (ClipsToDelete)
            {
                state = state with { DeletingClips = true };
                effects.Add(DeleteAll(now));
            }
        }
        if (SearchRunning) effects.Add(new RegisterOpenSearch());
        else if (Hunt is not null) effects.Add(new UnregisterSearch());
        if (IsSettled) effects.Add(new PassivateWhenIdle());
        return new(state, [], effects);
    }

    private DeleteClips DeleteAll(DateTimeOffset now) => new(Hunt!.ClipKeys(), Lifecycle.LastObservedAt ?? now);
}
