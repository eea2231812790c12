using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Footy.Daemon.Fixtures;
using Footy.Daemon.Telemetry;
using Footy.Domain.Polling;
using static Footy.Domain.Polling.PollerEffects;
using static Footy.Domain.Polling.PollerEvents;
using static Footy.Domain.Polling.PollerInputs;

namespace Footy.Daemon.Polling;

/// <summary>
/// The cluster's single poller: keeps the registry of fixtures and the API request budget (the pure
/// <see cref="PollerState"/>, which decides what it persists), and runs one <see cref="PollCycle"/> per tick. Live it ticks itself every poll interval; a replay drives the ticks
/// on its virtual clock instead. One cycle at a time: a tick that arrives mid-cycle is dropped, never queued.
/// </summary>
public sealed class LivePollerActor : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdValue = "live-poller";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PollCycle _cycle;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _selfTickEvery;
    private readonly int _snapshotEvery;
    private PollerState _state;
    private int _eventsSinceSnapshot;
    private bool _cycleRunning;
    private IActorRef? _tickRequester;
    private int _snapshotsInFlight;
    private Action? _endCycleWhenSnapshotted;
    private long _snapshotsDeletedBelow;
    /// <summary>Cancels the cycle under way when the actor stops: a singleton handed over to another node leaves no cycle calling upstream behind it.</summary>
    private readonly CancellationTokenSource _stopped = new();

    public LivePollerActor(PollCycle cycle, RequestBudgetOptions budget, TimeProvider time, TimeSpan? selfTickEvery, int snapshotEvery)
    {
        _cycle = cycle;
        _time = time;
        _selfTickEvery = selfTickEvery;
        _snapshotEvery = snapshotEvery;
        _state = PollerState.Start(budget);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is PollerState snapshot) _state = snapshot;
        });
        Recover<IPollerEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Poller recovered: {0} fixtures tracked, last ingest {1}, last poll {2}",
                _state.Fixtures.Count, _state.LastIngestDay, _state.LastCycleAt);
            if (_selfTickEvery is { } every)
                Timers.StartPeriodicTimer("tick", SelfTick.Instance, TimeSpan.FromSeconds(1), every);
        });

        Command<SelfTick>(_ => StartCycle(new PollerCommands.Tick(_time.GetUtcNow()), requester: null));
        Command<PollerCommands.Tick>(tick => StartCycle(tick, Sender));
        Command<CycleOutcome>(Finish);
        Command<CycleFailed>(failed =>
        {
            _log.Error(failed.Cause, "Poll cycle of {0:u} failed", failed.Now);
            _cycleRunning = false;
            _tickRequester?.Tell(new PollerCommands.TickDone(failed.Now, PollCycleReport.Failed(failed.Cause.GetBaseException().Message)));
            _tickRequester = null;
        });
        Command<FixtureCommands.FixtureStanding>(s => Decide(new TrackStanding(new TrackedFixture(s.FixtureId, s.Kickoff, s.Phase, s.Status))));
        Command<PollerCommands.HuntOpened>(h => Decide(new OpenHunt(h.GoalId.Value)));
        Command<PollerCommands.HuntClosed>(h => Decide(new CloseHunt(h.GoalId.Value)));
        Command<PollerQueries.GetPollerStatus>(_ => Sender.Tell(new PollerQueries.PollerStatus(
            _state.Fixtures.Values.ToList(), _state.LastIngestDay, _state.LastCycleAt, _state.LastSuccessfulPollAt,
            _state.Budget.RemainingToday(_time.GetUtcNow()), _cycle.Circuit, _state.OpenHunts.Count, _state.PendingBackfills.ToList())));
        Command<PollerCommands.Backfill>(backfill =>
        {
            if (!_state.PendingBackfills.Contains(backfill.Day))
                _log.Info("Backfill of {0:yyyy-MM-dd} requested: its fixtures are ingested at the next cycle", backfill.Day);
            Decide(new RequestBackfill(backfill.Day));
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            // A quiet cycle overwrites the snapshot at the same sequence number: older ones were deleted already.
            if (s.Metadata.SequenceNr > _snapshotsDeletedBelow)
            {
                DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
                _snapshotsDeletedBelow = s.Metadata.SequenceNr;
            }
            SnapshotDone();
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _log.Warning(f.Cause, "Poller snapshot failed; recovery will replay more events");
            SnapshotDone();
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Poller: old snapshots not deleted"));
    }

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(PollCycle cycle, RequestBudgetOptions budget, TimeProvider time, TimeSpan? selfTickEvery, int snapshotEvery) =>
        Props.Create(() => new LivePollerActor(cycle, budget, time, selfTickEvery, snapshotEvery));

    private void StartCycle(PollerCommands.Tick tick, IActorRef? requester)
    {
        if (_cycleRunning)
        {
            _log.Debug("Tick at {0:u} dropped: the previous cycle is still running", tick.Now);
            requester?.Tell(new PollerCommands.TickDone(tick.Now, PollCycleReport.Failed("a cycle is already running")));
            return;
        }
        _cycleRunning = true;
        _tickRequester = requester;
        _cycle.RunAsync(_state, tick.Now, _stopped.Token)
            .PipeTo(Self, success: outcome => outcome with { Now = tick.Now }, failure: e => new CycleFailed(tick.Now, e));
    }

    private void Finish(CycleOutcome outcome)
    {
        var report = outcome.Report;
        FootyTelemetry.PollCycles.Add(1);
        FootyTelemetry.ApiCalls.Add(report.Calls);
        FootyTelemetry.ApiFailedCalls.Add(report.FailedCalls);
        if (report.Calls > 0 || report.Activated > 0)
            _log.Info("Poll cycle {0:u}: {1} calls ({2} failed), {3} fixtures polled, {4} activated{5}",
                outcome.Now, report.Calls, report.FailedCalls, report.FixturesPolled, report.Activated,
                report.Skipped is null ? "" : $", skipped: {report.Skipped}");
        var requester = _tickRequester;
        void EndCycle()
        {
            _cycleRunning = false;
            _tickRequester = null;
            requester?.Tell(new PollerCommands.TickDone(outcome.Now, outcome.Report));
        }
        // A quiet cycle is kept only in the snapshot: it ends once that is written, as a cycle with events ends once they are.
        if (Decide(new CompleteCycle(outcome.Changes, outcome.Calls)).Effects.Any(e => e is OverwriteSnapshot))
            _endCycleWhenSnapshotted = EndCycle;
        else
            DeferAsync(outcome, _ => EndCycle());
    }

    /// <summary>Decide, then persist the decision's events and apply each; its effects run once the last is persisted (at once when there is none).</summary>
    private PollerDecision Decide(PollerInput input)
    {
        var decision = _state.Decide(input);
        _state = decision.State;
        var replyTo = Sender;
        if (decision.Events.Count == 0)
        {
            Run(decision.Effects, replyTo);
            return decision;
        }
        var last = decision.Events[^1];
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            if (++_eventsSinceSnapshot >= _snapshotEvery)
            {
                Snapshot();
                _eventsSinceSnapshot = 0;
            }
            if (ReferenceEquals(e, last)) Run(decision.Effects, replyTo);
        });
        return decision;
    }

    private void Snapshot()
    {
        _snapshotsInFlight++;
        SaveSnapshot(_state);
    }

    /// <summary>Snapshots are answered in the order they were asked for: when none is left in flight, a waiting quiet cycle is written.</summary>
    private void SnapshotDone()
    {
        if (--_snapshotsInFlight > 0 || _endCycleWhenSnapshotted is not { } endCycle) return;
        _endCycleWhenSnapshotted = null;
        endCycle();
    }

    private void Run(IReadOnlyList<PollerEffect> effects, IActorRef replyTo)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case OverwriteSnapshot:
                    Snapshot();
                    break;
                case AnswerBackfill answer:
                    replyTo.Tell(new PollerCommands.BackfillAccepted(answer.Day, _state.PendingBackfills.ToList()));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(effects), effect.GetType().Name, "unknown poller effect");
            }
        }
    }

    protected override void PostStop()
    {
        _stopped.Cancel();
        base.PostStop();
    }

    /// <summary>The actor stops after this (its back-off supervisor restarts it): whoever waits for the cycle hears now, not at its timeout.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Poller: persisting {0} #{1} failed; restarting after a back-off", @event.GetType().Name, sequenceNr);
        _tickRequester?.Tell(new PollerCommands.TickDone(_time.GetUtcNow(), PollCycleReport.Failed($"journal write failed: {cause.Message}")));
        _tickRequester = null;
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private sealed class SelfTick
    {
        public static readonly SelfTick Instance = new();
    }

    private sealed record CycleFailed(DateTimeOffset Now, Exception Cause);
}
