using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.ReadModel;

namespace Footy.Daemon.ReadModel;

/// <summary>How far the read model is behind the journal: events written but not yet applied, and how long ago the oldest of them was written.</summary>
public sealed record ReadModelLagReading(long Events, double Seconds, long Position);

/// <summary>
/// Measures the read model's lag by reading, per projected tag, the journal's events after the stored position (at most
/// <see cref="CountLimit"/>: past it the exact figure no longer matters, the node is not ready anyway).
/// </summary>
public sealed class ReadModelLag(ActorSystem system, IReadModelStore store, TimeProvider clock)
{
    public const int CountLimit = 10_000;

    public async Task<ReadModelLagReading> MeasureAsync(CancellationToken ct)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var positions = await store.PositionsAsync(ct);
        long events = 0;
        DateTimeOffset? oldest = null;
        foreach (var stream in ReadModelProjectionActor.Streams)
        {
            var from = positions.FirstOrDefault(p => p.Stream == stream)?.Offset ?? 0;
            var pending = await journal.CurrentEventsByTag(stream, Offset.Sequence(from))
                .Take(CountLimit)
                .Select(e => e.Timestamp)
                .RunWith(Sink.Seq<long>(), system.Materializer())
                .WaitAsync(ct);
            events += pending.Count;
            if (pending.Count > 0 && ReadModelProjectionActor.WrittenAt(pending.Min()) is var first && (oldest is null || first < oldest))
                oldest = first;
        }
        var seconds = oldest is { } o ? Math.Max(0, (clock.GetUtcNow() - o).TotalSeconds) : 0;
        return new ReadModelLagReading(Math.Min(events, CountLimit), seconds, positions.Select(p => p.Offset).DefaultIfEmpty(0).Max());
    }

    /// <summary>Waits until the projection has applied every event written so far; false when it has not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilCaughtUpAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while ((await MeasureAsync(deadline.Token)).Events > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
