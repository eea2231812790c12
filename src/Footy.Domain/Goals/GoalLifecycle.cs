using Footy.Domain.Fixtures;

namespace Footy.Domain.Goals;

public enum GoalStage
{
    /// <summary>Seen, not yet confirmed (or revived after a withdrawal).</summary>
    Pending,
    /// <summary>Seen in enough consecutive polls: downstream work (search, download) may start.</summary>
    Confirmed,
    /// <summary>Downstream work done. Terminal.</summary>
    Complete,
    /// <summary>Absent in enough consecutive polls (VAR). Revivable until the match finishes.</summary>
    Withdrawn,
    /// <summary>The match finished while the goal was still pending. Terminal; never published.</summary>
    Expired,
}

/// <summary>How many consecutive polls confirm or withdraw a goal. Both must be at least 1.</summary>
public sealed record ConfirmationRules(int SightingsToConfirm = 3, int MissesToWithdraw = 3)
{
    public static ConfirmationRules Default { get; } = new();

    private readonly int _sightingsToConfirm = AtLeastOne(SightingsToConfirm, nameof(SightingsToConfirm));
    private readonly int _missesToWithdraw = AtLeastOne(MissesToWithdraw, nameof(MissesToWithdraw));

    public int SightingsToConfirm
    {
        get => _sightingsToConfirm;
        init => _sightingsToConfirm = AtLeastOne(value, nameof(SightingsToConfirm));
    }

    public int MissesToWithdraw
    {
        get => _missesToWithdraw;
        init => _missesToWithdraw = AtLeastOne(value, nameof(MissesToWithdraw));
    }

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
}

// ---- Commands -------------------------------------------------------------------------------------------------

public abstract record GoalCommand(DateTimeOffset At);

/// <summary>The goal was in this poll, with these facts.</summary>
public sealed record ObserveSeen(DateTimeOffset At, GoalFacts Facts) : GoalCommand(At);

/// <summary>The goal was not in this poll.</summary>
public sealed record ObserveMissing(DateTimeOffset At) : GoalCommand(At);

/// <summary>The fixture finished (after its grace polls).</summary>
public sealed record MarkMatchFinished(DateTimeOffset At) : GoalCommand(At);

/// <summary>The goal's downstream work is done. Only acts on a confirmed goal, and only if At &gt;= ConfirmedAt.</summary>
public sealed record MarkComplete(DateTimeOffset At) : GoalCommand(At);

// ---- Events (journaled as JSON: keep them plain positional records) -------------------------------------------

public abstract record GoalEvent(DateTimeOffset At);

public sealed record GoalSighted(DateTimeOffset At, GoalFacts Facts) : GoalEvent(At);

public sealed record GoalMissed(DateTimeOffset At) : GoalEvent(At);

public sealed record GoalConfirmed(DateTimeOffset At) : GoalEvent(At);

/// <summary>Facts changed, same scorer (minute, extra, assist, detail, score after, names).</summary>
public sealed record GoalCorrected(DateTimeOffset At, GoalFacts Before, GoalFacts After) : GoalEvent(At);

/// <summary>Scorer changed (including unknown to known and back), same goal id.</summary>
public sealed record GoalReattributed(DateTimeOffset At, GoalFacts Before, GoalFacts After) : GoalEvent(At);

public sealed record GoalWithdrawn(DateTimeOffset At) : GoalEvent(At);

/// <summary>Seen again after a withdrawal: back to pending, must be re-confirmed.</summary>
public sealed record GoalRevived(DateTimeOffset At) : GoalEvent(At);

public sealed record GoalMatchFinished(DateTimeOffset At) : GoalEvent(At);

public sealed record GoalCompleted(DateTimeOffset At) : GoalEvent(At);

/// <summary>The match finished while the goal was still pending: it was never confirmed.</summary>
public sealed record GoalExpired(DateTimeOffset At) : GoalEvent(At);

// ---- State ----------------------------------------------------------------------------------------------------

/// <summary>
/// One goal's confirmation state machine, as a decider: <see cref="Decide"/> turns a command into events without
/// changing anything, <see cref="Apply"/> folds one event into the state. The state is always the fold of every
/// event <see cref="Decide"/> returned, so it can be rebuilt from the journal.
/// <para>Rules:</para>
/// <list type="bullet">
/// <item>Observations (seen/missing) with At &lt;= <see cref="LastObservedAt"/> produce no events, so redelivery
/// after a crash is idempotent. Complete and Expired ignore observations; Withdrawn ignores misses, and ignores
/// everything once the match finished. A confirmed goal seen again with the same facts and no miss to reset produces
/// no event (nothing it keeps changes; its seen streak stops counting once confirmed).</item>
/// <item>A sighting resets <see cref="MissingStreak"/>; a miss resets <see cref="SeenStreak"/>. A sighting with an
/// unknown scorer updates the facts and resets the missing streak, but neither advances nor resets
/// <see cref="SeenStreak"/> ("unknown scorer waits"). So confirmation needs
/// <see cref="ConfirmationRules.SightingsToConfirm"/> known-scorer sightings with no miss in between.</item>
/// <item>Pending reaching the seen streak =&gt; <see cref="GoalConfirmed"/>. Pending or Confirmed reaching the
/// missing streak =&gt; <see cref="GoalWithdrawn"/>. Withdrawn + sighting =&gt; <see cref="GoalRevived"/>, then
/// the sighting, which starts a fresh streak.</item>
/// <item>Changed facts emit <see cref="GoalReattributed"/> (scorer changed) or <see cref="GoalCorrected"/> (anything
/// else) before the <see cref="GoalSighted"/>; neither restarts the streak.</item>
/// <item>MarkMatchFinished (once): Pending =&gt; MatchFinished + Expired; other stages =&gt; MatchFinished.
/// MarkComplete: Confirmed and At &gt;= ConfirmedAt =&gt; Completed, otherwise nothing.</item>
/// </list>
/// </summary>
public sealed record GoalLifecycle(
    GoalId Id,
    FixtureId Fixture,
    GoalStage Stage,
    GoalFacts? Facts,
    int SeenStreak,
    int MissingStreak,
    bool WasConfirmed,
    bool MatchFinished,
    DateTimeOffset? LastObservedAt,
    DateTimeOffset? FirstSeenAt,
    DateTimeOffset? ConfirmedAt)
{
    public static GoalLifecycle New(GoalId id, FixtureId fixture) =>
        new(id, fixture, GoalStage.Pending, null, 0, 0, false, false, null, null, null);

    /// <summary>
    /// What to publish for this goal: its <see cref="GoalStateNames"/> name when complete, confirmed, or cancelled after
    /// having been confirmed; null otherwise (never confirmed, or pending again after a revival: not published).
    /// </summary>
    public string? SummaryState =>
        Stage is GoalStage.Complete or GoalStage.Confirmed || (Stage == GoalStage.Withdrawn && WasConfirmed) ? Stage.PublicName() : null;

    /// <summary>True when observations can no longer change anything (Complete, Expired, or Withdrawn after the match finished).</summary>
    public bool IsTerminal =>
        Stage is GoalStage.Complete or GoalStage.Expired
        || (Stage == GoalStage.Withdrawn && MatchFinished);

    public IReadOnlyList<GoalEvent> Decide(GoalCommand cmd, ConfirmationRules rules)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        return cmd switch
        {
            ObserveSeen seen => DecideSeen(seen, rules),
            ObserveMissing missing => DecideMissing(missing, rules),
            MarkMatchFinished finished => DecideMatchFinished(finished),
            MarkComplete complete => Stage == GoalStage.Confirmed && (ConfirmedAt is null || complete.At >= ConfirmedAt)
                ? [new GoalCompleted(complete.At)]
                : [],
            _ => throw new ArgumentException($"Unknown command {cmd.GetType().Name}.", nameof(cmd)),
        };
    }

    private IReadOnlyList<GoalEvent> DecideSeen(ObserveSeen cmd, ConfirmationRules rules)
    {
        ArgumentNullException.ThrowIfNull(cmd.Facts);
        if (IsStale(cmd.At) || IsTerminal || IsUnchangedBy(cmd))
        {
            return [];
        }

        var events = new List<GoalEvent>(4);
        var state = this;
        if (Stage == GoalStage.Withdrawn)
        {
            events.Add(new GoalRevived(cmd.At));
        }

        if (Facts is not null && Facts != cmd.Facts)
        {
            events.Add(Facts.SameScorerAs(cmd.Facts) && Facts.TeamId == cmd.Facts.TeamId
                ? new GoalCorrected(cmd.At, Facts, cmd.Facts)
                : new GoalReattributed(cmd.At, Facts, cmd.Facts));
        }

        events.Add(new GoalSighted(cmd.At, cmd.Facts));
        state = state.ApplyAll(events);
        if (state.Stage == GoalStage.Pending && state.SeenStreak >= rules.SightingsToConfirm)
        {
            events.Add(new GoalConfirmed(cmd.At));
        }

        return events;
    }

    private IReadOnlyList<GoalEvent> DecideMissing(ObserveMissing cmd, ConfirmationRules rules)
    {
        if (IsStale(cmd.At) || IsTerminal || Stage == GoalStage.Withdrawn)
        {
            return [];
        }

        var missed = new GoalMissed(cmd.At);
        return Apply(missed).MissingStreak >= rules.MissesToWithdraw
            ? [missed, new GoalWithdrawn(cmd.At)]
            : [missed];
    }

    private IReadOnlyList<GoalEvent> DecideMatchFinished(MarkMatchFinished cmd)
    {
        if (MatchFinished)
        {
            return [];
        }

        return Stage == GoalStage.Pending
            ? [new GoalMatchFinished(cmd.At), new GoalExpired(cmd.At)]
            : [new GoalMatchFinished(cmd.At)];
    }

    private bool IsStale(DateTimeOffset at) => LastObservedAt is { } last && at <= last;

    /// <summary>A confirmed goal seen again as it is, with no miss to reset: nothing it keeps would change, so nothing is persisted.</summary>
    private bool IsUnchangedBy(ObserveSeen seen) => Stage == GoalStage.Confirmed && MissingStreak == 0 && Facts == seen.Facts;

    public GoalLifecycle Apply(GoalEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            GoalSighted s => this with
            {
                Facts = s.Facts,
                SeenStreak = s.Facts.HasKnownScorer ? SeenStreak + 1 : SeenStreak,
                MissingStreak = 0,
                LastObservedAt = s.At,
                FirstSeenAt = FirstSeenAt ?? s.At,
            },
            GoalMissed m => this with { SeenStreak = 0, MissingStreak = MissingStreak + 1, LastObservedAt = m.At },
            GoalConfirmed c => this with { Stage = GoalStage.Confirmed, WasConfirmed = true, ConfirmedAt = c.At },
            GoalCorrected c => this with { Facts = c.After },
            GoalReattributed r => this with { Facts = r.After },
            GoalWithdrawn => this with { Stage = GoalStage.Withdrawn },
            GoalRevived => this with { Stage = GoalStage.Pending, SeenStreak = 0, MissingStreak = 0 },
            GoalMatchFinished => this with { MatchFinished = true },
            GoalCompleted => this with { Stage = GoalStage.Complete },
            GoalExpired => this with { Stage = GoalStage.Expired },
            _ => throw new ArgumentException($"Unknown event {e.GetType().Name}.", nameof(e)),
        };
    }

    public GoalLifecycle ApplyAll(IEnumerable<GoalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = this;
        foreach (var e in events) state = state.Apply(e);
        return state;
    }
}
