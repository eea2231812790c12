using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Footy.Daemon.Persistence;

namespace Footy.Benchmarks.Season;

/// <summary>
/// Persists generated events under one persistence id through Akka.Persistence, tagged as the daemon's
/// <see cref="EntityTagger"/> tags them, in parts: each <see cref="Part"/> is one PersistAll, optionally followed by a
/// snapshot at the sequence number its last event got (where the daemon's actor took it). Answers <see cref="Written"/>
/// once the part's events (and snapshot) are stored.
/// </summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    public sealed record Part(IReadOnlyList<object> Events, object? SnapshotAfter);

    public sealed record Written(long SequenceNr);

    private readonly string _persistenceId;
    private IActorRef? _replyTo;

    public JournalWriter(string persistenceId)
    {
        _persistenceId = persistenceId;
        Command<Part>(part =>
        {
            _replyTo = Sender;
            if (part.Events.Count == 0)
            {
                Done(part);
                return;
            }
            var last = part.Events[^1];
            PersistAll(part.Events.Select(e => new Tagged(e, [EntityTagger.TagOf(e)])), tagged =>
            {
                if (ReferenceEquals(tagged.Payload, last)) Done(part);
            });
        });
        Command<SaveSnapshotSuccess>(s => _replyTo!.Tell(new Written(s.Metadata.SequenceNr)));
        Command<SaveSnapshotFailure>(f => _replyTo!.Tell(new Status.Failure(f.Cause)));
    }

    public override string PersistenceId => _persistenceId;

    public static Props PropsFor(string persistenceId) => Props.Create(() => new JournalWriter(persistenceId));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        _replyTo?.Tell(new Status.Failure(cause));

    private void Done(Part part)
    {
        if (part.SnapshotAfter is { } state) SaveSnapshot(state);
        else _replyTo!.Tell(new Written(LastSequenceNr));
    }
}
