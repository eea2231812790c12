using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Footy.Daemon.Clips;
using Footy.Daemon.Persistence;
using Footy.Daemon.Polling;
using Footy.Domain.Goals;
using Footy.Storage;
using static Footy.Domain.Goals.ClipEvents;
using static Footy.Domain.Goals.GoalEffects;
using static Footy.Domain.Goals.GoalInputs;

namespace Footy.Daemon.Goals;

/// <summary>Settings the goal actor needs from configuration, gathered once per node.</summary>
public sealed record GoalSettings(ConfirmationRules Rules, int SnapshotEvery, int SearchAttempts, TimeSpan AttemptInterval, TimeSpan PassivateAfter)
{
    public GoalRules GoalRules { get; } = new(Rules, SearchAttempts, AttemptInterval);
}

/// <summary>
/// One goal: receives, decides through the pure <see cref="GoalState"/> (confirmation and clip search), persists the
/// events, applies them and runs the effects (search attempts through <see cref="ClipHuntAttempt"/>, clip deletions,
/// the poller's search registry, replies, passivation). Observations are idempotent by poll time, and an attempt
/// interrupted by a crash simply runs again, so redelivery and restarts are harmless.
/// </summary>
public sealed class GoalActor : ReceivePersistentActor
{
    public const string TypeName = "goal";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly GoalSettings _settings;
    private readonly ClipHuntAttempt _attempts;
    private readonly IClipStore _store;
    private readonly IActorRef _poller;
    private GoalState _state;
    private int _eventsSinceSnapshot;
    private CancellationTokenSource? _attempt;
    private readonly List<IActorRef> _waitingForAttempt = [];
    private (IActorRef ReplyTo, int ClipsDeleted, bool DeletingSnapshots)? _purge;
    private IActorRef? _awaitingPersist;

    public GoalActor(string entityId, GoalSettings settings, ClipHuntAttempt attempts, IClipStore store, IActorRef poller)
    {
        var id = new GoalId(entityId);
        PersistenceId = PersistenceIdFor(id);
        _settings = settings;
        _attempts = attempts;
        _store = store;
        _poller = poller;
        _state = GoalState.New(id);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GoalSnapshot snapshot) _state = GoalState.From(snapshot);
        });
        Recover<GoalEvent>(e => _state = _state.Apply(e));
        Recover<IClipEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Decide(new GoalInputs.Review(DateTimeOffset.UtcNow)));

        Command<GoalCommands.Observe>(o => Decide(new Observe(o.At, o.Facts, o.HomeTeam, o.AwayTeam)));
        Command<GoalCommands.MatchFinished>(m => Decide(new MatchFinished(m.At)));
        Command<GoalCommands.HuntTick>(t => Decide(new SearchTick(t.Now, t.WaitForAttempt)));
        Command<GoalCommands.RetryClipHunt>(r => Decide(new RetrySearch(r.At)));
        Command<AttemptDone>(d =>
        {
            LogAttempt(d.Outcome);
            Decide(d.Outcome);
        });
        Command<AttemptFailed>(f => Decide(f));
        Command<ClipsDeletedFromStore>(d => Decide(d));
        Command<ClipDeletionFailed>(f => Decide(f));
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
        Command<GoalQueries.GetGoal>(_ => Sender.Tell(View()));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Goal {0}: snapshot failed; recovery will replay more events", Id));
        Command<DeleteSnapshotsSuccess>(_ => PurgeDone());
        Command<DeleteSnapshotsFailure>(f =>
        {
            _log.Warning(f.Cause, "Goal {0}: old snapshots not deleted", Id);
            PurgeDone();
        });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(GoalId id) => $"goal-{id.Value}";

    public static Props PropsFor(string entityId, GoalSettings settings, ClipHuntAttempt attempts, IClipStore store, IActorRef poller) =>
        Props.Create(() => new GoalActor(entityId, settings, attempts, store, poller));

    /// <summary>Decide, then persist the decision's events and apply each; its effects run once the last is persisted (at once when there is none).</summary>
    private void Decide(GoalInput input)
    {
        var decision = _state.Decide(input, _settings.GoalRules);
        _state = decision.State;
        var replyTo = Sender;
        if (decision.Events.Count == 0)
        {
            Run(decision.Effects, replyTo);
            return;
        }
        var last = decision.Events[^1];
        _awaitingPersist = replyTo;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            LogTransition(e);
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                SaveSnapshot(_state.ToSnapshot());
                _eventsSinceSnapshot = 0;
            }
            if (!ReferenceEquals(e, last)) return;
            _awaitingPersist = null;
            Run(decision.Effects, replyTo);
        });
    }

    private void Run(IReadOnlyList<GoalEffect> effects, IActorRef replyTo)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case Acknowledge:
                    replyTo.Tell(Ack());
                    break;
                case AnswerRetry answer:
                    if (answer.Restarted) _log.Info("Goal {0}: clip search restarted by an operator: {1} more attempts", Id, _settings.SearchAttempts);
                    replyTo.Tell(new GoalCommands.RetryAnswer(Id, answer.Restarted, answer.Outcome));
                    break;
                case AnswerAfterAttempt:
                    _waitingForAttempt.Add(replyTo);
                    break;
                case ReleaseAttemptWaiters:
                    foreach (var waiter in _waitingForAttempt) waiter.Tell(Ack());
                    _waitingForAttempt.Clear();
                    break;
                case StartAttempt start:
                    StartAttempt(start);
                    break;
                case CancelAttempt:
                    _attempt?.Cancel();
                    break;
                case DeleteClips delete:
                    Task.WhenAll(delete.Keys.Select(k => _store.DeleteAsync(ClipKey.Parse(k))))
                        .PipeTo(Self, success: () => new ClipsDeletedFromStore(delete.At, delete.Keys),
                            failure: e => new ClipDeletionFailed(e.GetBaseException().Message));
                    break;
                case RegisterOpenSearch:
                    _poller.Tell(new PollerCommands.HuntOpened(Id));
                    break;
                case UnregisterSearch:
                    _poller.Tell(new PollerCommands.HuntClosed(Id));
                    break;
                case PassivateWhenIdle:
                    Context.SetReceiveTimeout(_settings.PassivateAfter);
                    break;
                case ReviewNow:
                    Decide(new GoalInputs.Review(DateTimeOffset.UtcNow));
                    break;
                case Warn warn:
                    _log.Warning(warn.Message);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(effects), effect.GetType().Name, "unknown goal effect");
            }
        }
    }

    private GoalId Id => _state.Lifecycle.Id;

    private GoalCommands.GoalAck Ack() => new(Id, _state.Stage);

    /// <summary>
    /// The journal refused a write: Akka stops this goal, and its shard restarts the remembered entity from the journal
    /// after <c>entity-restart-backoff</c> (or at its next message), so the state is only ever what was persisted.
    /// Whoever waits for this write is told now instead of at its ask timeout.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Goal {0} ({1}): persisting {2} #{3} failed; the goal stops and restarts from its journal after a back-off",
            Id, _state.Stage, @event.GetType().Name, sequenceNr);
        var failure = new Status.Failure(new JournalWriteFailedException($"goal {Id}: {@event.GetType().Name} not persisted", cause));
        _awaitingPersist?.Tell(failure);
        foreach (var waiter in _waitingForAttempt) waiter.Tell(failure);
        _waitingForAttempt.Clear();
        _attempt?.Cancel();
    }

    /// <summary>Akka stops the goal after a failed recovery; its shard restarts it after <c>entity-restart-backoff</c>.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "Goal {0}: recovery from the journal failed at sequence {1} ({2}); the goal stays down until its shard restarts it after a back-off",
            Id, LastSequenceNr, message?.GetType().Name ?? "no event");
        _attempt?.Cancel();
    }

    /// <summary>Retention: clips first (a failure leaves everything for the next try), then events, then snapshots, then out of memory.</summary>
    private void Purge(GoalCommands.Purge purge)
    {
        if (_purge is not null) return;
        _attempt?.Cancel();
        _purge = (Sender, 0, false);
        var keys = _state.Hunt?.ClipKeys() ?? [];
        Task.WhenAll(keys.Select(k => _store.DeleteAsync(ClipKey.Parse(k))))
            .PipeTo(Self, success: () => new PurgeClipsDeleted(keys.Count), failure: e => new PurgeFailed(e.GetBaseException().Message));
    }

    private void PurgeStopped(string error)
    {
        _log.Warning("Goal {0}: retention purge failed ({1}); it is tried again at the next cycle", Id, error);
        _purge?.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"goal {Id} not purged: {error}")));
        _purge = null;
    }

    private void PurgeDone()
    {
        if (_purge is not { DeletingSnapshots: true } purge) return;
        _log.Info("Goal {0} purged by retention: {1} clips, its events and snapshots deleted", Id, purge.ClipsDeleted);
        purge.ReplyTo.Tell(new GoalCommands.Purged(Id, purge.ClipsDeleted));
        _purge = null;
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private void StartAttempt(StartAttempt start)
    {
        var l = _state.Lifecycle;
        var request = new AttemptRequest(l.Id, l.Fixture, l.Facts!, _state.Hunt!, start.Attempt, start.At);
        _attempt = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _attempts.RunAsync(request, _attempt.Token).PipeTo(Self,
            success: events => new AttemptDone(new AttemptSucceeded(request.Attempt, request.At, events)),
            failure: e => new AttemptFailed(request.Attempt, request.At, e.GetBaseException().Message));
    }

    private void LogTransition(object e)
    {
        var f = _state.Lifecycle.Facts;
        switch (e)
        {
            case GoalConfirmed:
                _log.Info("Goal {0} confirmed: {1} ({2}) {3}", Id, f?.PlayerName, f?.TeamName, f?.MinuteText);
                break;
            case GoalWithdrawn:
                _log.Info("Goal {0} withdrawn (missing from {1} polls): {2} ({3}) {4}", Id, _settings.Rules.MissesToWithdraw, f?.PlayerName, f?.TeamName, f?.MinuteText);
                break;
            case GoalReattributed r:
                _log.Info("Goal {0} re-attributed from {1} to {2}", Id, r.Before.PlayerName ?? "an unknown scorer", r.After.PlayerName);
                break;
            case GoalCorrected c:
                _log.Info("Goal {0} corrected: {1} {2} -> {3} {4}", Id, c.Before.MinuteText, c.Before.Detail, c.After.MinuteText, c.After.Detail);
                break;
            case GoalRevived:
                _log.Info("Goal {0} reappeared after its withdrawal; confirming again", Id);
                break;
            case GoalCompleted:
                _log.Info("Goal {0} complete with {1} clips", Id, _state.Hunt?.Clips.Count ?? 0);
                break;
            case ClipsDeleted d:
                _log.Info("Goal {0}: {1} stored clips deleted after its withdrawal", Id, d.Keys.Count);
                break;
            case GoalExpired:
                _log.Info("Goal {0} expired unconfirmed at the end of its match", Id);
                break;
        }
    }

    private void LogAttempt(AttemptSucceeded outcome)
    {
        var stored = outcome.Events.Count(e => e is ClipStored or ClipReplaced);
        var found = outcome.Events.OfType<ClipSearchAttempted>().Sum(a => a.Posts.Count);
        _log.Log(found > 0 ? LogLevel.InfoLevel : LogLevel.DebugLevel, null, "Goal {0}: clip search attempt {1}/{2}: {3} new posts, {4} clips stored or improved, {5} rejected",
            Id, outcome.Attempt, _settings.SearchAttempts, found, stored, outcome.Events.Count(e => e is ClipRejected));
    }

    private GoalQueries.GoalView View()
    {
        var l = _state.Lifecycle;
        return new(l.Id, l.Fixture, l.Stage, l.SummaryState, l.Facts, l.FirstSeenAt, l.ConfirmedAt, l.SeenStreak, l.MissingStreak, _state.Hunt);
    }

    private sealed record PurgeClipsDeleted(int Count);

    private sealed record PurgeFailed(string Error);

    /// <summary>An attempt's outcome, logged when it arrives and decided on.</summary>
    private sealed record AttemptDone(AttemptSucceeded Outcome);
}
