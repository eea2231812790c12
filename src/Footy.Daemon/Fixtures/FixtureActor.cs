using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Footy.Daemon.Goals;
using Footy.Daemon.Persistence;
using Footy.Daemon.Sharding;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Domain.Fixtures.FixtureEffects;
using static Footy.Domain.Fixtures.FixtureEvents;
using static Footy.Domain.Fixtures.FixtureInputs;

namespace Footy.Daemon.Fixtures;

/// <summary>
/// One fixture: receives, decides through the pure <see cref="FixtureState"/> (its lifecycle and its goals' ids),
/// persists the events, applies them and runs the effects (handing each poll to the fixture's goal actors, answering the
/// poller, passivation). A poll is answered only after every goal has persisted its observation.
/// </summary>
public sealed class FixtureActor : ReceivePersistentActor
{
    public const string TypeName = "fixture";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EntityRegion<IGoalMessage> _goals;
    private readonly IActorRef _poller;
    private readonly int _snapshotEvery;
    private readonly TimeSpan _goalTimeout;
    private readonly TimeSpan _passivateAfter;
    private FixtureState _state;
    private int _eventsSinceSnapshot;
    private IActorRef? _awaitingPersist;
    private (IActorRef ReplyTo, int Goals, int ClipsDeleted, bool DeletingSnapshots)? _purge;

    public FixtureActor(string entityId, EntityRegion<IGoalMessage> goals, IActorRef poller, int gracePolls, int snapshotEvery, TimeSpan goalTimeout, TimeSpan passivateAfter)
    {
        var id = new FixtureId(long.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture));
        PersistenceId = PersistenceIdFor(id);
        _goals = goals;
        _poller = poller;
        _snapshotEvery = snapshotEvery;
        _goalTimeout = goalTimeout;
        _passivateAfter = passivateAfter;
        _state = FixtureState.Empty(id, gracePolls);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is FixtureState snapshot) _state = snapshot;
        });
        Recover<IFixtureEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Decide(new Recovered()));

        Command<FixtureCommands.Schedule>(s => Decide(new Schedule(s.Snapshot)));
        Command<FixtureCommands.Activate>(a => Decide(new Activate(a.At)));
        Command<FixtureCommands.ApplyPoll>(p => Decide(new ObservePoll(p.Snapshot, p.At)));
        Command<FixtureQueries.GetFixture>(_ => Sender.Tell(View()));
        Command<FixtureCommands.Purge>(Purge);
        Command<GoalsPurged>(purged =>
        {
            _purge = _purge!.Value with { Goals = purged.Goals.Length, ClipsDeleted = purged.Goals.Sum(g => g.ClipsDeleted) };
            DeleteMessages(LastSequenceNr);
        });
        Command<PurgeFailed>(failed => PurgeStopped(failed.Error));
        Command<DeleteMessagesSuccess>(_ =>
        {
            _purge = _purge!.Value with { DeletingSnapshots = true };
            DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
        });
        Command<DeleteMessagesFailure>(f => PurgeStopped(f.Cause.Message));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Fixture {0}: snapshot failed; recovery will replay more events", _state.Id));
        Command<DeleteSnapshotsSuccess>(_ => PurgeDone());
        Command<DeleteSnapshotsFailure>(f =>
        {
            _log.Warning(f.Cause, "Fixture {0}: old snapshots not deleted", _state.Id);
            PurgeDone();
        });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(FixtureId id) => $"fixture-{id}";

    public static Props PropsFor(string entityId, EntityRegion<IGoalMessage> goals, IActorRef poller, int gracePolls, int snapshotEvery, TimeSpan goalTimeout, TimeSpan passivateAfter) =>
        Props.Create(() => new FixtureActor(entityId, goals, poller, gracePolls, snapshotEvery, goalTimeout, passivateAfter));

    /// <summary>Retention: every goal first (their clips and events), then the fixture's events and snapshots, then out of memory.</summary>
    private void Purge(FixtureCommands.Purge purge)
    {
        if (_purge is not null) return;
        _purge = (Sender, 0, 0, false);
        var goals = _state.Ledger.Entries.Select(e => e.Id).ToList();
        Task.WhenAll(goals.Select(g => _goals.Ask<GoalCommands.Purged>(new GoalCommands.Purge(g), _goalTimeout)))
            .PipeTo(Self, success: purged => new GoalsPurged(purged), failure: e => new PurgeFailed(e.GetBaseException().Message));
    }

    private void PurgeStopped(string error)
    {
        _log.Warning("Fixture {0}: retention purge failed ({1}); it is tried again at the next cycle", _state.Id, error);
        _purge?.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"fixture {_state.Id} not purged: {error}")));
        _purge = null;
    }

    private void PurgeDone()
    {
        if (_purge is not { DeletingSnapshots: true } purge) return;
        _log.Info("Fixture {0} purged by retention: {1} goals, {2} clips, its events and snapshots deleted", _state.Id, purge.Goals, purge.ClipsDeleted);
        purge.ReplyTo.Tell(new FixtureCommands.Purged(_state.Id, purge.Goals, purge.ClipsDeleted));
        _purge = null;
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>Decide, then persist the decision's events and apply each; its effects run once the last is persisted (at once when there is none).</summary>
    private void Decide(FixtureInput input)
    {
        var decision = _state.Decide(input);
        _state = decision.State;
        var replyTo = Sender;
        if (decision.Events.Count == 0)
        {
            Run(decision.Effects, replyTo);
            return;
        }
        var phaseBefore = _state.Lifecycle.Phase;
        var last = decision.Events[^1];
        _awaitingPersist = replyTo;
        PersistAll(decision.Events, e =>
        {
            Apply(e);
            LogTransition(e, phaseBefore);
            if (!ReferenceEquals(e, last)) return;
            _awaitingPersist = null;
            Run(decision.Effects, replyTo);
        });
    }

    private void Run(IReadOnlyList<FixtureEffect> effects, IActorRef replyTo)
    {
        Context.SetReceiveTimeout(_state.RestsWhenIdle() ? _passivateAfter : null);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case AnswerStanding:
                    replyTo.Tell(Standing());
                    break;
                case ReportStanding:
                    _poller.Tell(Standing());
                    break;
                case HandPollToGoals { AnswerWhenDone: true } hand:
                    var standing = Standing();
                    Dispatch(hand.Poll, hand.MatchFinished).PipeTo(replyTo,
                        success: () => standing,
                        failure: ex => new Status.Failure(new TimeoutException($"fixture {_state.Id}: goals did not acknowledge poll {hand.Poll.At:u}: {ex.GetBaseException().Message}")));
                    break;
                case HandPollToGoals hand:
                    Dispatch(hand.Poll, hand.MatchFinished)
                        .ContinueWith(t => { if (!t.IsCompletedSuccessfully) _log.Warning("Fixture {0}: re-delivery of the last poll to its goals failed: {1}", _state.Id, t.Exception?.GetBaseException().Message); });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(effects), effect.GetType().Name, "unknown fixture effect");
            }
        }
    }

    private void LogTransition(IFixtureEvent e, FixturePhase phaseBefore)
    {
        switch (e)
        {
            case FixtureScheduled s:
                _log.Info("Fixture {0} scheduled: {1} vs {2} ({3}) kickoff {4:u}, status {5}", s.FixtureId, s.Home.Name, s.Away.Name, s.League.Name, s.Kickoff, s.Status);
                break;
            case FixtureRescheduled r:
                _log.Info("Fixture {0} rescheduled: kickoff {1:u} status {2}", _state.Id, r.Kickoff, r.Status);
                break;
            case FixtureActivated:
                _log.Info("Fixture {0} active: kickoff {1:u}", _state.Id, _state.Lifecycle.Kickoff);
                break;
            case FixturePolled p:
                if (_state.Lifecycle.Phase != phaseBefore)
                    _log.Info("Fixture {0} {1} -> {2} (status {3})", _state.Id, phaseBefore, _state.Lifecycle.Phase, p.Status);
                foreach (var sighting in p.Sightings.Where(x => x.IsNew))
                    _log.Info("Fixture {0}: new goal {1}: {2} ({3}) {4}", _state.Id, sighting.Id,
                        sighting.Facts.HasKnownScorer ? sighting.Facts.PlayerName : "scorer not yet known", sighting.Facts.TeamName, sighting.Facts.MinuteText);
                break;
        }
    }

    private FixtureCommands.FixtureStanding Standing() => new(_state.Id, _state.Lifecycle.Kickoff, _state.Lifecycle.Phase, _state.Lifecycle.Status);

    private FixtureQueries.FixtureView View() => new(
        _state.Id, _state.Lifecycle.Status, _state.Lifecycle.Phase, _state.Lifecycle.Kickoff, _state.League, _state.Home, _state.Away,
        _state.HomeGoals, _state.AwayGoals, _state.Elapsed, _state.Lifecycle.LastObservedAt, _state.Ledger.Entries.Select(x => x.Id).ToList());

    /// <summary>
    /// The journal refused a write: Akka stops this fixture, and its shard restarts the remembered entity from the
    /// journal after <c>entity-restart-backoff</c> (or at its next message); no goal was told about the unpersisted
    /// poll. The poller is told now instead of at its ask timeout, and counts the poll as not applied.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Fixture {0} ({1}): persisting {2} #{3} failed; the fixture stops and restarts from its journal after a back-off",
            _state.Id, _state.Lifecycle.Phase, @event.GetType().Name, sequenceNr);
        _awaitingPersist?.Tell(new Status.Failure(new JournalWriteFailedException($"fixture {_state.Id}: {@event.GetType().Name} not persisted", cause)));
    }

    /// <summary>Akka stops the fixture after a failed recovery; its shard restarts it after <c>entity-restart-backoff</c>.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "Fixture {0}: recovery from the journal failed at sequence {1} ({2}); the fixture stays down until its shard restarts it after a back-off",
            _state.Id, LastSequenceNr, message?.GetType().Name ?? "no event");
    }

    private void Apply(IFixtureEvent e)
    {
        _state = _state.Apply(e);
        if (++_eventsSinceSnapshot < _snapshotEvery) return;
        SaveSnapshot(_state);
        _eventsSinceSnapshot = 0;
    }

    private Task Dispatch(FixturePolled poll, bool matchFinished)
    {
        var fixture = _state.Id;
        var (home, away) = (_state.Home?.Name ?? "", _state.Away?.Name ?? "");
        var asks = new List<Task>();
        foreach (var sighting in poll.Sightings)
            asks.Add(_goals.Ask<GoalCommands.GoalAck>(new GoalCommands.Observe(sighting.Id, fixture, poll.At, sighting.Facts, home, away), _goalTimeout));
        foreach (var missing in poll.Missing)
            asks.Add(_goals.Ask<GoalCommands.GoalAck>(new GoalCommands.Observe(missing, fixture, poll.At, null, home, away), _goalTimeout));
        if (matchFinished)
            foreach (var entry in _state.Ledger.Entries)
                asks.Add(_goals.Ask<GoalCommands.GoalAck>(new GoalCommands.MatchFinished(entry.Id, fixture, poll.At), _goalTimeout));
        return Task.WhenAll(asks);
    }

    private sealed record GoalsPurged(GoalCommands.Purged[] Goals);

    private sealed record PurgeFailed(string Error);
}
