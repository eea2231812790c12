using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Footy.Domain.Fixtures;
using Footy.Domain.Goals;

namespace Footy.Daemon.Goals;

/// <summary>
/// One goal: holds its confirmation state (the pure <see cref="GoalLifecycle"/>), persists every change as
/// an event, and answers for it. Observations are idempotent by poll time, so redelivery after a crash is harmless.
/// </summary>
public sealed class GoalActor : ReceivePersistentActor
{
    public const string TypeName = "goal";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConfirmationRules _rules;
    private readonly int _snapshotEvery;
    private GoalLifecycle _state;
    private int _eventsSinceSnapshot;

    public GoalActor(string entityId, ConfirmationRules rules, int snapshotEvery)
    {
        PersistenceId = PersistenceIdFor(new GoalId(entityId));
        _rules = rules;
        _snapshotEvery = snapshotEvery;
        _state = GoalLifecycle.New(new GoalId(entityId), FixtureOf(entityId));

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GoalLifecycle snapshot) _state = snapshot;
        });
        Recover<GoalEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (IsSettled) Context.SetReceiveTimeout(TimeSpan.FromMinutes(1));
        });

        Command<GoalCommands.Observe>(o =>
            Handle(o.Facts is null ? new ObserveMissing(o.At) : new ObserveSeen(o.At, o.Facts)));
        Command<GoalCommands.MatchFinished>(m => Handle(new MarkMatchFinished(m.At)));
        Command<GoalQueries.GetGoal>(_ => Sender.Tell(View()));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s =>
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Goal {0}: snapshot failed; recovery will replay more events", _state.Id));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Goal {0}: old snapshots not deleted", _state.Id));
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(GoalId id) => $"goal-{id.Value}";

    public static Props PropsFor(string entityId, ConfirmationRules rules, int snapshotEvery) =>
        Props.Create(() => new GoalActor(entityId, rules, snapshotEvery));

    /// <summary>Nothing more will happen to this goal: it can leave memory (and the remembered entities).</summary>
    private bool IsSettled =>
        _state.Stage is GoalStage.Complete or GoalStage.Expired
        || (_state.Stage == GoalStage.Withdrawn && _state.MatchFinished);

    private void Handle(GoalCommand command)
    {
        var events = _state.Decide(command, _rules).ToList();
        var next = _state.ApplyAll(events);
        // Until the clip pipeline exists, a confirmed goal's work is done once its match is over.
        if (next.Stage == GoalStage.Confirmed && next.MatchFinished)
            events.AddRange(next.Decide(new MarkComplete(command.At), _rules));

        if (events.Count == 0)
        {
            Sender.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
            return;
        }

        var last = events[^1];
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            _eventsSinceSnapshot++;
            LogTransition(e);
            if (!ReferenceEquals(e, last)) return;

            Sender.Tell(new GoalCommands.GoalAck(_state.Id, _state.Stage));
            if (_eventsSinceSnapshot >= _snapshotEvery)
            {
                SaveSnapshot(_state);
                _eventsSinceSnapshot = 0;
            }
            if (IsSettled) Context.SetReceiveTimeout(TimeSpan.FromSeconds(30));
        });
    }

    private void LogTransition(GoalEvent e)
    {
        var f = _state.Facts;
        switch (e)
        {
            case GoalConfirmed:
                _log.Info("Goal {0} confirmed: {1} ({2}) {3}'", _state.Id, f?.PlayerName, f?.TeamName, f?.Minute);
                break;
            case GoalWithdrawn:
                _log.Info("Goal {0} withdrawn (missing from {1} polls): {2} ({3}) {4}'", _state.Id, _rules.MissesToWithdraw, f?.PlayerName, f?.TeamName, f?.Minute);
                break;
            case GoalReattributed r:
                _log.Info("Goal {0} re-attributed from {1} to {2}", _state.Id, r.Before.PlayerName, r.After.PlayerName);
                break;
            case GoalCorrected c:
                _log.Info("Goal {0} corrected: {1} {2} -> {3} {4}", _state.Id,
                    c.Before.MinuteText, c.Before.Detail, c.After.MinuteText, c.After.Detail);
                break;
            case GoalRevived:
                _log.Info("Goal {0} reappeared after its withdrawal; confirming again", _state.Id);
                break;
            case GoalCompleted:
                _log.Info("Goal {0} complete", _state.Id);
                break;
            case GoalExpired:
                _log.Info("Goal {0} expired unconfirmed at the end of its match", _state.Id);
                break;
        }
    }

    private GoalQueries.GoalView View() => new(
        _state.Id, _state.Fixture, _state.Stage, _state.SummaryState, _state.Facts,
        _state.FirstSeenAt, _state.ConfirmedAt, _state.SeenStreak, _state.MissingStreak);

    private static FixtureId FixtureOf(string goalEntityId)
    {
        var dash = goalEntityId.LastIndexOf('-');
        return dash > 0 && long.TryParse(goalEntityId[..dash], out var fixture)
            ? new FixtureId(fixture)
            : throw new ArgumentException($"'{goalEntityId}' is not a goal id of the form <fixture>-<ordinal>", nameof(goalEntityId));
    }
}
