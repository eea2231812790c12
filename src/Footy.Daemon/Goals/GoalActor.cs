using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Footy.Daemon.Clips;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Storage;
using static Footy.Daemon.Clips.ClipEvents;

namespace Footy.Daemon.Goals;

/// <summary>Everything a goal actor keeps: its confirmation state and, once confirmed, its clip search.</summary>
public sealed record GoalSnapshot(GoalLifecycle Lifecycle, ClipHunt? Hunt);

/// <summary>Settings the goal actor needs from configuration, gathered once per node.</summary>
public sealed record GoalSettings(ConfirmationRules Rules, int SnapshotEvery, int SearchAttempts, TimeSpan AttemptInterval);

/// <summary>
/// One goal: holds its confirmation state (the pure <see cref="GoalLifecycle"/>) and, once confirmed, drives its
/// clip search: one <see cref="ClipHuntAttempt"/> per due attempt, each outcome persisted. Complete when confirmed and
/// the search is over; when withdrawn its stored clips are deleted. Observations are idempotent by poll time, and an
/// attempt interrupted by a crash simply runs again, so redelivery and restarts are harmless.
/// </summary>
public sealed class GoalActor : ReceivePersistentActor
{
    public const string TypeName = "goal";
    private static readonly TimeSpan SinceMargin = TimeSpan.FromMinutes(3);
    private const int AttemptFailuresBeforeGivingUp = 3;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly GoalSettings _settings;
    private readonly ClipHuntAttempt _attempts;
    private readonly IClipStore _store;
    private readonly IActorRef _poller;
    private GoalLifecycle _state;
    private ClipHunt? _hunt;
    private int _eventsSinceSnapshot;
    private string _home = "";
    private string _away = "";
    private CancellationTokenSource? _attempt;
    private int _attemptFailures;
    private bool _deleting;
    private readonly List<IActorRef> _waitingForAttempt = [];
    private (IActorRef ReplyTo, int ClipsDeleted, bool DeletingSnapshots)? _purge;
    private IActorRef? _awaitingPersist;

    public GoalActor(string entityId, GoalSettings settings, ClipHuntAttempt attempts, IClipStore store, IActorRef poller)
    {
        PersistenceId = PersistenceIdFor(new GoalId(entityId));
        _settings = settings;
        _attempts = attempts;
        _store = store;
        _poller = poller;
        _state = GoalLifecycle.New(new GoalId(entityId), FixtureOf(entityId));

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GoalSnapshot snapshot) (_state, _hunt) = (snapshot.Lifecycle, snapshot.Hunt);
        });
        Recover<GoalEvent>(e => _state = _state.Apply(e));
        Recover<IClipEvent>(ApplyClipEvent);
        Recover<RecoveryCompleted>(_ => AfterChange());

        Command<GoalCommands.Observe>(o =>
        {
            (_home, _away) = (o.HomeTeam, o.AwayTeam);
            Handle(o.Facts is null ? new ObserveMissing(o.At) : new ObserveSeen(o.At, o.Facts));
        });
        Command<GoalCommands.MatchFinished>(m => Handle(new MarkMatchFinished(m.At)));
        Command<GoalCommands.HuntTick>(HuntTick);
        Command<GoalCommands.RetryClipHunt>(RetryClipHunt);
        Command<GoalCommands.Purge>(Purge);
        Command<PurgeClipsDeleted>(deleted =>
        {
            _purge = _purge!.Value with { ClipsDeleted = deleted.Count };
            DeleteMessages(LastSequenceNr);
        });
        Command<PurgeFailed>(failed => PurgeStopped(failed.Error));
        Command<DeleteMessagesSuccess>(_ =>
        {
            _purge = _purge!.Value with { DeletingSnapshots = true };
            DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
        });
        Command<DeleteMessagesFailure>(f => PurgeStopped(f.Cause.Message));
        Command<AttemptDone>(AttemptFinished);
        Command<AttemptFailed>(AttemptFailedHandler);
        Command<ClipsRemoved>(removed => PersistAll([new ClipsDeleted(removed.At, removed.Keys)], e =>
        {
            ApplyClipEvent(e);
            _deleting = false;
            _log.Info("Goal {0}: {1} stored clips deleted after its withdrawal", _state.Id, removed.Keys.Count);
            AfterChange();
        }));
        Command<ClipRemovalFailed>(failed =>
        {
            _deleting = false;
            _log.Warning("Goal {0}: deleting its clips failed ({1}); retrying at the next clock tick", _state.Id, failed.Error);
        });
        Command<GoalQueries.GetGoal>(_ => Sender.Tell(View()));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Goal {0}: snapshot failed; recovery will replay more events", _state.Id));
        Command<DeleteSnapshotsSuccess>(_ => PurgeDone());
        Command<DeleteSnapshotsFailure>(f =>
        {
            _log.Warning(f.Cause, "Goal {0}: old snapshots not deleted", _state.Id);
            PurgeDone();
        });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(GoalId id) => $"goal-{id.Value}";

    public static Props PropsFor(string entityId, GoalSettings settings, ClipHuntAttempt attempts, IClipStore store, IActorRef poller) =>
        Props.Create(() => new GoalActor(entityId, settings, attempts, store, poller));

    /// <summary>A complete goal searches again only when an operator restarted its hunt (<c>footy retry goal</c>).</summary>
    private bool HuntRunning => _hunt is { Finished: false } && _state.Stage is GoalStage.Confirmed or GoalStage.Complete;

    /// <summary>Nothing more will happen to this goal: it can leave memory (and the remembered entities).</summary>
    private bool IsSettled => _state.Stage switch
    {
        GoalStage.Complete => !HuntRunning,
        GoalStage.Expired => _hunt is not { Clips.Count: > 0 },
        GoalStage.Withdrawn => _state.MatchFinished && _hunt is not { Clips.Count: > 0 },
        _ => false,
    };

    private void Handle(GoalCommand command)
    {
        var events = new List<object>(_state.Decide(command, _settings.Rules));
        var next = _state.ApplyAll(events.Cast<GoalEvent>());
        if (next.Stage == GoalStage.Confirmed && _hunt is null)
            events.Add(new ClipHuntStarted(command.At, (next.FirstSeenAt ?? command.At) - SinceMargin, _home, _away));

        if (events.Count == 0)
        {
            Sender.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
            return;
        }
        PersistThenAck(events, Sender);
    }

    private void PersistThenAck(IReadOnlyList<object> events, IActorRef? replyTo)
    {
        var last = events[^1];
        _awaitingPersist = replyTo;
        PersistAll(events, e =>
        {
            if (e is GoalEvent g)
            {
                _state = _state.Apply(g);
                LogTransition(g);
            }
            else ApplyClipEvent((IClipEvent)e);
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                SaveSnapshot(new GoalSnapshot(_state, _hunt));
                _eventsSinceSnapshot = 0;
            }
            if (!ReferenceEquals(e, last)) return;
            _awaitingPersist = null;
            replyTo?.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
            AfterChange();
        });
    }

    /// <summary>
    /// The journal refused a write: Akka stops this goal, and its shard restarts the remembered entity from the journal
    /// after <c>entity-restart-backoff</c> (or at its next message), so the state is only ever what was persisted.
    /// Whoever waits for this write is told now instead of at its ask timeout.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Goal {0} ({1}): persisting {2} #{3} failed; the goal stops and restarts from its journal after a back-off",
            _state.Id, _state.Stage, @event.GetType().Name, sequenceNr);
        var failure = new Status.Failure(new JournalWriteFailedException($"goal {_state.Id}: {@event.GetType().Name} not persisted", cause));
        _awaitingPersist?.Tell(failure);
        foreach (var waiter in _waitingForAttempt) waiter.Tell(failure);
        _waitingForAttempt.Clear();
        _attempt?.Cancel();
    }

    /// <summary>Akka stops the goal after a failed recovery; its shard restarts it after <c>entity-restart-backoff</c>.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "Goal {0}: recovery from the journal failed at sequence {1} ({2}); the goal stays down until its shard restarts it after a back-off",
            _state.Id, LastSequenceNr, message?.GetType().Name ?? "no event");
        _attempt?.Cancel();
    }

    private void ApplyClipEvent(IClipEvent e) => _hunt = e is ClipHuntStarted started ? ClipHunt.Start(started) : _hunt!.Apply(e);

    /// <summary>What follows from the current state: completion, clip deletion after a withdrawal, the poller's hunt registry, passivation.</summary>
    private void AfterChange()
    {
        if (_state.Stage == GoalStage.Confirmed && _hunt is { FinishedAt: { } finishedAt })
        {
            var complete = _state.Decide(new MarkComplete(finishedAt), _settings.Rules);
            if (complete.Count > 0)
            {
                PersistThenAck(complete.Cast<object>().ToList(), null);
                return;
            }
        }
        if (_state.Stage is GoalStage.Withdrawn or GoalStage.Expired)
        {
            _attempt?.Cancel();
            if (_hunt is { Clips.Count: > 0 } && !_deleting) DeleteClips(_hunt.Clips.Select(c => c.Key).ToList());
        }
        if (HuntRunning) _poller.Tell(new PollerCommands.HuntOpened(_state.Id));
        else if (_hunt is not null) _poller.Tell(new PollerCommands.HuntClosed(_state.Id));
        if (IsSettled) Context.SetReceiveTimeout(TimeSpan.FromSeconds(30));
    }

    private void HuntTick(GoalCommands.HuntTick tick)
    {
        if (_state.Stage is GoalStage.Withdrawn or GoalStage.Expired && _hunt is { Clips.Count: > 0 } && !_deleting)
            DeleteClips(_hunt.Clips.Select(c => c.Key).ToList());
        var due = HuntRunning && _attempt is null && tick.Now >= _hunt!.NextAttemptAt(_settings.AttemptInterval);
        if (due) StartAttempt(tick.Now);
        if (tick.WaitForAttempt && _attempt is not null) _waitingForAttempt.Add(Sender);
        else Sender.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
    }

    /// <summary>Retention: clips first (a failure leaves everything for the next try), then events, then snapshots, then out of memory.</summary>
    private void Purge(GoalCommands.Purge purge)
    {
        if (_purge is not null) return;
        _attempt?.Cancel();
        _purge = (Sender, 0, false);
        var keys = _hunt?.Clips.Select(c => c.Key).ToList() ?? [];
        Task.WhenAll(keys.Select(k => _store.DeleteAsync(ClipKey.Parse(k))))
            .PipeTo(Self, success: () => new PurgeClipsDeleted(keys.Count), failure: e => new PurgeFailed(e.GetBaseException().Message));
    }

    private void PurgeStopped(string error)
    {
        _log.Warning("Goal {0}: retention purge failed ({1}); it is tried again at the next cycle", _state.Id, error);
        _purge?.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"goal {_state.Id} not purged: {error}")));
        _purge = null;
    }

    private void PurgeDone()
    {
        if (_purge is not { DeletingSnapshots: true } purge) return;
        _log.Info("Goal {0} purged by retention: {1} clips, its events and snapshots deleted", _state.Id, purge.ClipsDeleted);
        purge.ReplyTo.Tell(new GoalCommands.Purged(_state.Id, purge.ClipsDeleted));
        _purge = null;
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private void RetryClipHunt(GoalCommands.RetryClipHunt retry)
    {
        if (_hunt is null || _state.Stage is not (GoalStage.Confirmed or GoalStage.Complete))
        {
            Sender.Tell(new GoalCommands.RetryAnswer(_state.Id, false, $"goal is {_state.Stage}: only a confirmed goal's clips are searched"));
            return;
        }
        if (!_hunt.Finished)
        {
            Sender.Tell(new GoalCommands.RetryAnswer(_state.Id, false,
                $"its clip search is still running ({_hunt.AttemptsMade} of {_settings.SearchAttempts} attempts made)"));
            return;
        }
        var replyTo = Sender;
        Persist(new ClipHuntRestarted(retry.At), e =>
        {
            ApplyClipEvent(e);
            _log.Info("Goal {0}: clip search restarted by an operator: {1} more attempts", _state.Id, _settings.SearchAttempts);
            replyTo.Tell(new GoalCommands.RetryAnswer(_state.Id, true, $"clip search restarted: {_settings.SearchAttempts} attempts from {retry.At:u}"));
            AfterChange();
        });
    }

    private void StartAttempt(DateTimeOffset now)
    {
        var request = new AttemptRequest(_state.Id, _state.Fixture, _state.Facts!, _hunt!, _hunt!.AttemptsMade + 1, now);
        _attempt = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _attempts.RunAsync(request, _attempt.Token).PipeTo(Self,
            success: events => new AttemptDone(request, events),
            failure: e => new AttemptFailed(request, e.GetBaseException().Message));
    }

    private void AttemptFinished(AttemptDone done)
    {
        _attempt = null;
        _attemptFailures = 0;
        var events = new List<object>(done.Events);
        var stored = done.Events.Count(e => e is ClipStored or ClipReplaced);
        var found = done.Events.OfType<ClipSearchAttempted>().Sum(a => a.Posts.Count);
        _log.Log(found > 0 ? LogLevel.InfoLevel : LogLevel.DebugLevel, null,"Goal {0}: clip search attempt {1}/{2}: {3} new posts, {4} clips stored or improved, {5} rejected",
            _state.Id, done.Request.Attempt, _settings.SearchAttempts, found, stored, done.Events.Count(e => e is ClipRejected));
        if (done.Request.Attempt >= _settings.SearchAttempts) events.Add(new ClipHuntFinished(done.Request.At));
        PersistThenAck(events, null);
        DeferAsync(done, _ => ReleaseWaiters());
    }

    private void AttemptFailedHandler(AttemptFailed failed)
    {
        _attempt = null;
        if (!HuntRunning)
        {
            ReleaseWaiters();
            return;
        }
        if (++_attemptFailures < AttemptFailuresBeforeGivingUp)
        {
            _log.Warning("Goal {0}: clip search attempt {1} failed ({2}); it runs again at the next tick", _state.Id, failed.Request.Attempt, failed.Error);
            ReleaseWaiters();
            return;
        }
        _log.Warning("Goal {0}: clip search attempt {1} failed {2} times ({3}); moving on to the next attempt",
            _state.Id, failed.Request.Attempt, _attemptFailures, failed.Error);
        _attemptFailures = 0;
        AttemptFinished(new AttemptDone(failed.Request,
            [new ClipSearchAttempted(failed.Request.At, failed.Request.Attempt, [], [$"attempt failed: {failed.Error}"])]));
    }

    private void ReleaseWaiters()
    {
        foreach (var waiter in _waitingForAttempt) waiter.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
        _waitingForAttempt.Clear();
    }

    private void DeleteClips(IReadOnlyList<string> keys)
    {
        _deleting = true;
        var at = _state.LastObservedAt ?? DateTimeOffset.UtcNow;
        Task.WhenAll(keys.Select(k => _store.DeleteAsync(ClipKey.Parse(k))))
            .PipeTo(Self, success: () => new ClipsRemoved(at, keys), failure: e => new ClipRemovalFailed(e.GetBaseException().Message));
    }

    private void LogTransition(GoalEvent e)
    {
        var f = _state.Facts;
        switch (e)
        {
            case GoalConfirmed:
                _log.Info("Goal {0} confirmed: {1} ({2}) {3}", _state.Id, f?.PlayerName, f?.TeamName, f?.MinuteText);
                break;
            case GoalWithdrawn:
                _log.Info("Goal {0} withdrawn (missing from {1} polls): {2} ({3}) {4}", _state.Id, _settings.Rules.MissesToWithdraw, f?.PlayerName, f?.TeamName, f?.MinuteText);
                break;
            case GoalReattributed r:
                _log.Info("Goal {0} re-attributed from {1} to {2}", _state.Id, r.Before.PlayerName ?? "an unknown scorer", r.After.PlayerName);
                break;
            case GoalCorrected c:
                _log.Info("Goal {0} corrected: {1} {2} -> {3} {4}", _state.Id, c.Before.MinuteText, c.Before.Detail, c.After.MinuteText, c.After.Detail);
                break;
            case GoalRevived:
                _log.Info("Goal {0} reappeared after its withdrawal; confirming again", _state.Id);
                break;
            case GoalCompleted:
                _log.Info("Goal {0} complete with {1} clips", _state.Id, _hunt?.Clips.Count ?? 0);
                break;
            case GoalExpired:
                _log.Info("Goal {0} expired unconfirmed at the end of its match", _state.Id);
                break;
        }
    }

    private GoalQueries.GoalView View() => new(
        _state.Id, _state.Fixture, _state.Stage, _state.SummaryState, _state.Facts,
        _state.FirstSeenAt, _state.ConfirmedAt, _state.SeenStreak, _state.MissingStreak, _hunt);

    private static FixtureId FixtureOf(string goalEntityId)
    {
        var dash = goalEntityId.LastIndexOf('-');
        return dash > 0 && long.TryParse(goalEntityId[..dash], out var fixture)
            ? new FixtureId(fixture)
            : throw new ArgumentException($"'{goalEntityId}' is not a goal id of the form <fixture>-<ordinal>", nameof(goalEntityId));
    }

    private sealed record PurgeClipsDeleted(int Count);

    private sealed record PurgeFailed(string Error);

    private sealed record AttemptDone(AttemptRequest Request, IReadOnlyList<IClipEvent> Events);

    private sealed record AttemptFailed(AttemptRequest Request, string Error);

    private sealed record ClipsRemoved(DateTimeOffset At, IReadOnlyList<string> Keys);

    private sealed record ClipRemovalFailed(string Error);
}
