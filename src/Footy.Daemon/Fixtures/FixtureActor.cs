using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Footy.Daemon.Goals;
using Footy.Daemon.Persistence;
using Footy.Daemon.Sharding;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using static Footy.Daemon.Fixtures.FixtureEvents;

namespace Footy.Daemon.Fixtures;

/// <summary>
/// One fixture: tracks its lifecycle (staging, active, finishing, finished), turns each poll into goal
/// observations with stable goal ids (the pure <see cref="GoalLedger"/>), and drives the fixture's goal
/// actors. A poll is answered only after every goal has persisted its observation.
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
        _state = FixtureState.Empty(id) with { GracePolls = gracePolls };

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is FixtureState snapshot) _state = snapshot;
        });
        Recover<IFixtureEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<FixtureCommands.Schedule>(Schedule);
        Command<FixtureCommands.Activate>(Activate);
        Command<FixtureCommands.ApplyPoll>(ApplyPoll);
        Command<FixtureQueries.GetFixture>(_ => Sender.Tell(_state.ToView()));
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

    private void OnRecovered()
    {
        if (!_state.IsScheduled) return;
        _poller.Tell(_state.ToStanding());
        // The last poll may have been persisted before every goal had it: hand it out again (goals ignore repeats).
        if (_state.LastPoll is { } lastPoll)
            Dispatch(lastPoll, _state.Lifecycle.Phase == FixturePhase.Finished)
                .ContinueWith(t => { if (!t.IsCompletedSuccessfully) _log.Warning("Fixture {0}: re-delivery of the last poll to its goals failed: {1}", _state.Id, t.Exception?.GetBaseException().Message); });
        if (_state.Lifecycle.Phase == FixturePhase.Finished) Context.SetReceiveTimeout(_passivateAfter);
    }

    private void Schedule(FixtureCommands.Schedule command)
    {
        var s = command.Snapshot;
        if (!_state.IsScheduled)
        {
            _log.Info("Fixture {0} scheduled: {1} vs {2} ({3}) kickoff {4:u}, status {5}", s.Id, s.Home.Name, s.Away.Name, s.League.Name, s.Kickoff, s.StatusShort);
            PersistAndReply(new FixtureScheduled(s.Id, s.Kickoff, s.StatusShort, s.League, s.Home, s.Away));
        }
        else if (_state.Lifecycle.IsRescheduledBy(s.Kickoff, s.StatusShort))
        {
            _log.Info("Fixture {0} rescheduled: kickoff {1:u} status {2}", s.Id, s.Kickoff, s.StatusShort);
            PersistAndReply(new FixtureRescheduled(s.Kickoff, s.StatusShort));
        }
        else
        {
            Sender.Tell(_state.ToStanding());
        }
    }

    private void Activate(FixtureCommands.Activate command)
    {
        if (_state.IsScheduled && _state.Lifecycle.Phase == FixturePhase.Staging)
        {
            _log.Info("Fixture {0} active: kickoff {1:u}", _state.Id, _state.Lifecycle.Kickoff);
            PersistAndReply(new FixtureActivated(command.At));
        }
        else
        {
            Sender.Tell(_state.ToStanding());
        }
    }

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

    private void PersistAndReply(IFixtureEvent e)
    {
        _awaitingPersist = Sender;
        Persist(e, persisted =>
        {
            _awaitingPersist = null;
            Apply(persisted);
            Sender.Tell(_state.ToStanding());
        });
    }

    private void ApplyPoll(FixtureCommands.ApplyPoll command)
    {
        var snapshot = command.Snapshot;
        var lifecycle = _state.Lifecycle;
        if (lifecycle.Phase == FixturePhase.Finished || (lifecycle.LastObservedAt is { } last && command.At <= last))
        {
            Sender.Tell(_state.ToStanding());
            return;
        }

        var events = new List<IFixtureEvent>();
        if (!_state.IsScheduled)
            events.Add(new FixtureScheduled(snapshot.Id, snapshot.Kickoff, snapshot.StatusShort, snapshot.League, snapshot.Home, snapshot.Away));
        if (lifecycle.Phase == FixturePhase.Staging)
            events.Add(new FixtureActivated(command.At));

        var match = _state.Ledger.Match(GoalEventRules.ExtractGoals(snapshot));
        var polled = new FixturePolled(command.At, snapshot.StatusShort, snapshot.Elapsed, snapshot.HomeGoals,
            snapshot.AwayGoals, match.Seen, match.Missing);
        events.Add(polled);

        var phaseBefore = lifecycle.Phase;
        var replyTo = Sender;
        _awaitingPersist = replyTo;
        PersistAll(events, Apply);
        DeferAsync(polled, p =>
        {
            _awaitingPersist = null;
            var phase = _state.Lifecycle.Phase;
            if (phase != phaseBefore)
                _log.Info("Fixture {0} {1} -> {2} (status {3})", _state.Id, phaseBefore, phase, p.Status);
            foreach (var sighting in p.Sightings.Where(x => x.IsNew))
                _log.Info("Fixture {0}: new goal {1}: {2} ({3}) {4}", _state.Id, sighting.Id,
                    sighting.Facts.HasKnownScorer ? sighting.Facts.PlayerName : "scorer not yet known", sighting.Facts.TeamName, sighting.Facts.MinuteText);
            var standing = _state.ToStanding();
            Dispatch(p, phase == FixturePhase.Finished).PipeTo(replyTo,
                success: () => standing,
                failure: ex => new Status.Failure(new TimeoutException($"fixture {_state.Id}: goals did not acknowledge poll {p.At:u}: {ex.GetBaseException().Message}")));
            if (phase == FixturePhase.Finished) Context.SetReceiveTimeout(_passivateAfter);
        });
    }

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
