using Akka.Actor;
using Akka.Persistence;
using Akka.Util;

namespace Footy.Benchmarks;

/// <summary>
/// A journal event shaped like the daemon's (a goal observation): a timestamp, a few short strings and ints.
/// No serializer is bound for it, so Akka's default (Newtonsoft JSON) serializer writes it, as it does the daemon's events.
/// </summary>
public sealed record GoalObserved(
    string GoalId, string FixtureId, DateTimeOffset At, long TeamId, string Team, long PlayerId, string Player,
    int Minute, int Home, int Away, int Seq);

/// <summary>The snapshot: the kind of small aggregate state a fixture or goal actor keeps.</summary>
public sealed record BenchState(string FixtureId, int Events, DateTimeOffset? LastAt, string? LastGoal, int Home, int Away);

public enum WriteMode { Persist, PersistAsync, PersistAll }

/// <summary>Persist events <see cref="FirstSeq"/> .. FirstSeq+Count-1: one event for Persist/PersistAsync, a batch for PersistAll.</summary>
public sealed record Write(WriteMode Mode, int FirstSeq, int Count);

/// <summary>Saves a snapshot of the current state; the reply (<see cref="SnapshotSaved"/>) comes once the snapshot store confirmed it.</summary>
public sealed record TakeSnapshot;

public sealed record SnapshotSaved(long SequenceNr);

/// <summary>What a finished recovery saw.</summary>
public sealed record RecoveryInfo(int Events, int Replayed, long SnapshotSequenceNr);

/// <summary>How the harness learns that an actor finished recovering and that it has handled the events it was sent.</summary>
public sealed class Signal(int expectedWrites)
{
    public int ExpectedWrites { get; } = expectedWrites;
    public TaskCompletionSource<RecoveryInfo> Recovered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(Exception cause)
    {
        Recovered.TrySetException(cause);
        Written.TrySetException(cause);
    }
}

/// <summary>
/// The persistent actor under test. Persist stashes incoming commands until the handler of the previous event ran,
/// so feeding it N Persist commands measures N sequential journal round trips; PersistAsync does not stash, so the
/// journal can batch; PersistAll writes one atomic batch per command.
/// </summary>
public sealed class BenchActor : UntypedPersistentActor
{
    private static readonly string[] Teams = ["Arsenal", "Barcelona", "Bayern München", "Paris Saint-Germain", "Internazionale"];
    private static readonly DateTimeOffset Kickoff = new(2025, 5, 31, 19, 0, 0, TimeSpan.Zero);
    private static readonly string[] Players = ["B. Saka", "R. Lewandowski", "H. Kane", "O. Dembélé", "L. Martínez", "K. Havertz", "Pedri"];

    private readonly Signal _signal;
    private readonly string _fixtureId;
    private BenchState _state;
    private int _written;
    private int _replayed;
    private long _snapshotSequenceNr;
    private IActorRef? _snapshotRequester;

    public BenchActor(string persistenceId, Signal signal)
    {
        PersistenceId = persistenceId;
        _signal = signal;
        _fixtureId = FixtureIdFor(persistenceId);
        _state = new BenchState(_fixtureId, 0, null, null, 0, 0);
    }

    public override string PersistenceId { get; }

    public static string FixtureIdFor(string persistenceId) => "fixture-" + (uint)MurmurHash.StringHash(persistenceId) % 10_000_000;

    /// <summary>Event <paramref name="seq"/> of a fixture: about what a goal sighting carries.</summary>
    public static GoalObserved EventFor(string fixtureId, int seq) => new(
        GoalId: $"{fixtureId}-g{seq % 9}",
        FixtureId: fixtureId,
        At: Kickoff.AddSeconds(seq * 30),
        TeamId: 40 + seq % Teams.Length,
        Team: Teams[seq % Teams.Length],
        PlayerId: 1_100 + seq % Players.Length,
        Player: Players[seq % Players.Length],
        Minute: seq % 90 + 1,
        Home: seq % 4,
        Away: seq % 3,
        Seq: seq);

    private void Apply(GoalObserved e)
    {
        if (e.Seq != _state.Events + 1)
            throw new InvalidOperationException($"{PersistenceId}: expected event {_state.Events + 1}, got {e.Seq}");
        _state = _state with { Events = e.Seq, LastAt = e.At, LastGoal = e.GoalId, Home = e.Home, Away = e.Away };
    }

    private void Written(GoalObserved e)
    {
        Apply(e);
        if (++_written == _signal.ExpectedWrites) _signal.Written.TrySetResult();
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: BenchState snapshot } offer:
                _state = snapshot;
                _snapshotSequenceNr = offer.Metadata.SequenceNr;
                break;
            case GoalObserved e:
                Apply(e);
                _replayed++;
                break;
            case RecoveryCompleted:
                _signal.Recovered.TrySetResult(new RecoveryInfo(_state.Events, _replayed, _snapshotSequenceNr));
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Write { Mode: WriteMode.Persist } w:
                Persist(EventFor(_fixtureId, w.FirstSeq), Written);
                break;
            case Write { Mode: WriteMode.PersistAsync } w:
                PersistAsync(EventFor(_fixtureId, w.FirstSeq), Written);
                break;
            case Write { Mode: WriteMode.PersistAll } w:
                PersistAll(Enumerable.Range(w.FirstSeq, w.Count).Select(seq => EventFor(_fixtureId, seq)), Written);
                break;
            case TakeSnapshot:
                _snapshotRequester = Sender;
                SaveSnapshot(_state);
                break;
            case SaveSnapshotSuccess s:
                _snapshotRequester?.Tell(new SnapshotSaved(s.Metadata.SequenceNr));
                break;
            case SaveSnapshotFailure f:
                _snapshotRequester?.Tell(new Status.Failure(f.Cause));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _signal.Fail(new InvalidOperationException($"{PersistenceId}: persist of event {sequenceNr} failed", cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _signal.Fail(new InvalidOperationException($"{PersistenceId}: persist of event {sequenceNr} rejected", cause));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _signal.Fail(new InvalidOperationException($"{PersistenceId}: recovery failed", reason));
        base.OnRecoveryFailure(reason, message);
    }
}
