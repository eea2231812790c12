using Footy.Domain.Fixtures;
using Footy.Domain.Goals;
using Footy.Domain.Polling;
using Footy.ReadModel;
using static Footy.Domain.Fixtures.FixtureEvents;

namespace Footy.Daemon.ReadModel;

/// <summary>One event as the projection reads it from the journal: whose, its sequence number, its global ordering and write time.</summary>
public sealed record JournalEvent(string PersistenceId, long SequenceNr, long Offset, DateTimeOffset WrittenAt, object Event);

/// <summary>
/// Applies a batch of one stream's journal events to the store: loads the documents the batch touches, folds the events in
/// (<see cref="ReadModelFold"/>), and writes the changed documents and the poller's retention purges together with the stream's
/// new position. No Akka: the live
/// projection and <c>footy readmodel rebuild</c> both hand it batches.
/// </summary>
public sealed class ReadModelProjector(IReadModelStore store, int gracePolls)
{
    public async Task ProjectAsync(string stream, IReadOnlyList<JournalEvent> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var purges = batch.Select(e => e.Event).OfType<PollerEvents.FixturePurged>().Select(p => new FixturePurge(p.FixtureId.Value, p.At)).ToList();
        var fixtureIds = batch.Select(FixtureOf).OfType<long>().Distinct().ToList();
        var goalIds = batch.Select(GoalOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var stored = await store.LoadAsync(fixtureIds, goalIds, ct);
        var fixtures = fixtureIds.ToDictionary(id => id, id => stored.Fixtures.GetValueOrDefault(id));
        var goals = goalIds.ToDictionary(id => id, id => stored.Goals.GetValueOrDefault(id), StringComparer.Ordinal);
        foreach (var e in batch)
        {
            if (FixtureOf(e) is { } fixture && e.Event is IFixtureEvent fixtureEvent)
                fixtures[fixture] = ReadModelFold.Apply(fixtures[fixture], new FixtureId(fixture), e.SequenceNr, fixtureEvent, gracePolls);
            else if (GoalOf(e) is { } goal && e.Event is GoalEvent or ClipEvents.IClipEvent)
                goals[goal] = ReadModelFold.Apply(goals[goal], new GoalId(goal), e.SequenceNr, e.Event);
        }
        var last = batch.MaxBy(e => e.Offset)!;
        await store.CommitAsync(new ReadModelBatch(
            fixtures.Values.OfType<FixtureDocument>().Where(f => !ReferenceEquals(f, stored.Fixtures.GetValueOrDefault(f.Id))).ToList(),
            goals.Values.OfType<GoalDocument>().Where(g => !ReferenceEquals(g, stored.Goals.GetValueOrDefault(g.Id))).ToList(),
            new StreamPosition(stream, last.Offset, last.WrittenAt)) { Purges = purges }, ct);
    }

    private static long? FixtureOf(JournalEvent e) =>
        e.PersistenceId.StartsWith(ReadModelFold.FixturePrefix, StringComparison.Ordinal)
        && long.TryParse(e.PersistenceId.AsSpan(ReadModelFold.FixturePrefix.Length), out var id) ? id : null;

    private static string? GoalOf(JournalEvent e) =>
        e.PersistenceId.StartsWith(ReadModelFold.GoalPrefix, StringComparison.Ordinal) ? e.PersistenceId[ReadModelFold.GoalPrefix.Length..] : null;
}
