using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Footy.Daemon.Persistence;
using Footy.Domain.Polling;

namespace Footy.Daemon.Tests.Persistence;

/// <summary>
/// A persistent actor for journal tests: persists its events tagged as the poller's (answering how many with
/// <see cref="Written"/>) and answers <see cref="Recovered"/> with what it recovered.
/// </summary>
public sealed class PollerEventsProbe : ReceivePersistentActor
{
    public const string Written = "written";
    public const string Recovered = "recovered";

    private readonly List<PollerEvents.IngestCompleted> _recovered = [];

    public PollerEventsProbe(string persistenceId, List<PollerEvents.IngestCompleted> toWrite)
    {
        PersistenceId = persistenceId;
        Recover<PollerEvents.IngestCompleted>(_recovered.Add);
        Command<string>(ask => ask == Recovered, _ => Sender.Tell(_recovered));
        Command<string>(ask => ask == Written, _ =>
        {
            var replyTo = Sender;
            var written = 0;
            PersistAll(toWrite.Select(e => new Tagged(e, [EntityTagger.TagOf(e)])), _ =>
            {
                if (++written == toWrite.Count) replyTo.Tell(written);
            });
        });
    }

    public override string PersistenceId { get; }

    /// <summary>One ingest per day of January 2026, from the 1st: events small enough to write many of.</summary>
    public static List<PollerEvents.IngestCompleted> Days(int count) =>
        Enumerable.Range(1, count).Select(d => new PollerEvents.IngestCompleted(new DateOnly(2026, 1, d), DateTimeOffset.UnixEpoch.AddDays(d))).ToList();

    public static Props Props(string persistenceId, List<PollerEvents.IngestCompleted> toWrite) =>
        Akka.Actor.Props.Create(() => new PollerEventsProbe(persistenceId, toWrite));
}
