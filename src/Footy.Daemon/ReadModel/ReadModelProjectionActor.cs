using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Persistence;
using Footy.ReadModel;

namespace Footy.Daemon.ReadModel;

/// <summary>
/// The cluster's one projection from the journal to the read model: a live <c>EventsByTag</c> stream per projected tag
/// (<see cref="EntityTagger.Fixture"/>, <see cref="EntityTagger.Goal"/>), each resumed from the position the store holds for it,
/// fed in batches to the <see cref="ReadModelProjector"/>. Any failure (journal, store) stops the actor; its back-off
/// supervisor starts it again, and it resumes from the stored positions: a batch applied twice changes nothing.
/// </summary>
public sealed class ReadModelProjectionActor : ReceiveActor
{
    public static readonly IReadOnlyList<string> Streams = [EntityTagger.Fixture, EntityTagger.Goal];

    private const int BatchSize = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly IReadModelStore _store;
    private readonly ReadModelProjector _projector;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ReadModelProjectionActor(IReadModelStore store, int gracePolls)
    {
        _store = store;
        _projector = new ReadModelProjector(store, gracePolls);
        ReceiveAsync<Start>(_ => StartAsync());
        Receive<StreamEnded>(ended =>
        {
            _log.Error(ended.Failure, "Read model projection of '{0}' stopped; restarting from the stored position", ended.Stream);
            Context.Stop(Self);
        });
    }

    public static Props PropsFor(IReadModelStore store, int gracePolls) =>
        Props.Create(() => new ReadModelProjectionActor(store, gracePolls));

    protected override void PreStart() => Self.Tell(Start.Instance);

    private async Task StartAsync()
    {
        IReadOnlyList<StreamPosition> positions;
        try
        {
            await _store.InitializeAsync();
            positions = await _store.PositionsAsync();
        }
        catch (Exception e)
        {
            _log.Error(e, "Read model store unavailable; the projection restarts after a back-off");
            Context.Stop(Self);
            return;
        }
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = Context.Materializer();
        foreach (var stream in Streams)
        {
            var from = positions.FirstOrDefault(p => p.Stream == stream)?.Offset ?? 0;
            _log.Info("Read model projection of '{0}' resumes after journal ordering {1}", stream, from);
            journal.EventsByTag(stream, Offset.Sequence(from))
                .GroupedWithin(BatchSize, BatchWindow)
                .SelectAsync(1, async batch =>
                {
                    await _projector.ProjectAsync(stream, batch.Select(ToJournalEvent).ToList(), CancellationToken.None);
                    return NotUsed.Instance;
                })
                .RunWith(Sink.Ignore<NotUsed>(), materializer)
                .PipeTo(Self, success: () => new StreamEnded(stream, null), failure: e => new StreamEnded(stream, e));
        }
    }

    public static JournalEvent ToJournalEvent(EventEnvelope envelope) => new(
        envelope.PersistenceId, envelope.SequenceNr, ((Sequence)envelope.Offset).Value, WrittenAt(envelope.Timestamp), envelope.Event);

    /// <summary>The journal stores each event's write time in UTC ticks.</summary>
    public static DateTimeOffset WrittenAt(long timestamp) => new(timestamp, TimeSpan.Zero);

    private sealed record Start
    {
        public static readonly Start Instance = new();
    }

    private sealed record StreamEnded(string Stream, Exception? Failure);
}
