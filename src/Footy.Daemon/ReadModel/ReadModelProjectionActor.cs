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
/// (<see cref="EntityTagger.Fixture"/>, <see cref="EntityTagger.Goal"/>, and <see cref="EntityTagger.Poller"/> for the fixtures retention
/// purged), each resumed from the position the store holds for it,
/// fed in batches to the <see cref="ReadModelProjector"/>. Any failure (journal, store) stops the actor; its back-off
/// supervisor starts it again, and it resumes from the stored positions: a batch applied twice changes nothing.
/// Asked to <see cref="ReadModelCommands.Rebuild"/>, it stops its streams (the last batch committed), rebuilds into the store's
/// staging tables, puts them in place and starts its streams again from the rebuilt positions.
/// </summary>
public sealed class ReadModelProjectionActor : ReceiveActor
{
    public static readonly IReadOnlyList<string> Streams = [EntityTagger.Fixture, EntityTagger.Goal, EntityTagger.Poller];

    private const int BatchSize = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly IReadModelStore _store;
    private readonly int _gracePolls;
    private readonly ReadModelProjector _projector;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SharedKillSwitch? _streams;
    private List<Task> _running = [];

    public ReadModelProjectionActor(IReadModelStore store, int gracePolls)
    {
        _store = store;
        _gracePolls = gracePolls;
        _projector = new ReadModelProjector(store, gracePolls);
        Projecting();
    }

    private void Projecting()
    {
        ReceiveAsync<Start>(_ => StartAsync());
        Receive<StreamEnded>(ended =>
        {
            _log.Error(ended.Failure, "Read model projection of '{0}' stopped; restarting from the stored position", ended.Stream);
            Context.Stop(Self);
        });
        Receive<ReadModelCommands.Rebuild>(_ => BeginRebuild(Sender));
    }

    /// <summary>While rebuilding, the stopped streams' ends are expected and a second rebuild is refused.</summary>
    private void Rebuilding()
    {
        Receive<StreamEnded>(_ => { });
        Receive<ReadModelCommands.Rebuild>(_ =>
            Sender.Tell(new Status.Failure(new InvalidOperationException("a read model rebuild is already running"))));
        Receive<RebuildEnded>(ended =>
        {
            if (ended.Failure is { } failure)
            {
                _log.Error(failure, "Read model rebuild failed; the published read model is unchanged and the projection restarts");
                ended.ReplyTo.Tell(new Status.Failure(failure));
                Context.Stop(Self);
                return;
            }
            _log.Info("Read model rebuilt online from {0} journal events in {1:0.0} s; the projection resumes at {2}",
                ended.Rebuilt!.Events, ended.Rebuilt.Seconds, ended.Rebuilt.Position);
            ended.ReplyTo.Tell(ended.Rebuilt);
            Become(Projecting);
            Self.Tell(Start.Instance);
        });
    }

    private void BeginRebuild(IActorRef replyTo)
    {
        _log.Info("Read model rebuild asked: the projection stops, the journal is projected into staging tables");
        var running = _running;
        _running = [];
        _streams?.Shutdown();
        Become(Rebuilding);
        var system = Context.System;
        RebuildAsync(system, running).PipeTo(Self,
            success: rebuilt => new RebuildEnded(replyTo, rebuilt, null),
            failure: e => new RebuildEnded(replyTo, null, e.GetBaseException()));
    }

    private async Task<ReadModelCommands.Rebuilt> RebuildAsync(ActorSystem system, List<Task> running)
    {
        // The streams' last batches commit before the rebuild starts: nothing else writes the store while it runs.
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var applied = await ReadModelRebuild.RebuildAsync(system, _store, _gracePolls, CancellationToken.None);
        return new ReadModelCommands.Rebuilt(applied, clock.Elapsed.TotalSeconds, await _store.PositionAsync());
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
        _streams = KillSwitches.Shared("read-model-projection");
        foreach (var stream in Streams)
        {
            var from = positions.FirstOrDefault(p => p.Stream == stream)?.Offset ?? 0;
            _log.Info("Read model projection of '{0}' resumes after journal ordering {1}", stream, from);
            var done = journal.EventsByTag(stream, Offset.Sequence(from))
                .Via(_streams.Flow<EventEnvelope>())
                .GroupedWithin(BatchSize, BatchWindow)
                .SelectAsync(1, async batch =>
                {
                    await _projector.ProjectAsync(stream, batch.Select(ToJournalEvent).ToList(), CancellationToken.None);
                    return NotUsed.Instance;
                })
                .RunWith(Sink.Ignore<NotUsed>(), materializer);
            _running.Add(done);
            done.PipeTo(Self, success: () => new StreamEnded(stream, null), failure: e => new StreamEnded(stream, e));
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

    private sealed record RebuildEnded(IActorRef ReplyTo, ReadModelCommands.Rebuilt? Rebuilt, Exception? Failure);
}
