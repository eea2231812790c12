using System.Text;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Footy.Daemon.Persistence;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>Reads persisted events back from the journal through Akka.Persistence.Query, as the journal stores them.</summary>
public sealed class JournalReader(ActorSystem system)
{
    public const int MaxEvents = 10_000;

    private SqlReadJournal Journal => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    public async Task<JournalView> ReadAsync(string persistenceId, long fromSequenceNr, int max, CancellationToken ct)
    {
        var limit = Math.Clamp(max, 1, MaxEvents);
        var envelopes = await Journal.CurrentEventsByPersistenceId(persistenceId, Math.Max(0, fromSequenceNr), long.MaxValue)
            .Take(limit + 1)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(ct);
        var events = envelopes.Take(limit).Select(e => new JournalEntry(e.SequenceNr, e.Event.GetType().Name, EventTime(e.Event), Payload(e.Event))).ToList();
        var highest = envelopes.Count == 0 ? 0 : envelopes[^1].SequenceNr;
        return new JournalView(persistenceId, highest, envelopes.Count > limit, events);
    }

    /// <summary>Every persistence id in the journal with the given prefix (e.g. <c>goal-</c>), sorted.</summary>
    public async Task<IReadOnlyList<string>> PersistenceIdsAsync(string prefix, CancellationToken ct)
    {
        var ids = await Journal.CurrentPersistenceIds()
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .RunWith(Sink.Seq<string>(), system.Materializer())
            .WaitAsync(ct);
        return ids.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Events of one persistence id as objects, for views built from history (goal history, run records).</summary>
    public async Task<IReadOnlyList<(long SequenceNr, object Event)>> EventsAsync(string persistenceId, CancellationToken ct)
    {
        var envelopes = await Journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .Take(MaxEvents)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(ct);
        return envelopes.Select(e => (e.SequenceNr, e.Event)).ToList();
    }

    /// <summary>
    /// Hands every event written after the global ordering <paramref name="after"/> to <paramref name="apply"/> (persistence id,
    /// sequence number, event), oldest first, and returns the ordering of the last one. Read in bounded pages, so a cancelled
    /// read leaves nothing running and applies nothing of the page it was reading.
    /// </summary>
    public async Task<long> FoldEventsSinceAsync(long after, Action<string, long, object> apply, CancellationToken ct)
    {
        while (true)
        {
            var page = await Journal.CurrentAllEvents(Offset.Sequence(after))
                .Take(MaxEvents)
                .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
                .WaitAsync(ct);
            foreach (var envelope in page)
            {
                apply(envelope.PersistenceId, envelope.SequenceNr, envelope.Event);
                after = Math.Max(after, ((Sequence)envelope.Offset).Value);
            }
            if (page.Count < MaxEvents) return after;
        }
    }

    private string Payload(object evt) =>
        system.Serialization.FindSerializerFor(evt) is JournalSerializer serializer
            ? Encoding.UTF8.GetString(serializer.ToBinary(evt))
            : evt.ToString() ?? "";

    private static DateTimeOffset? EventTime(object evt) =>
        evt.GetType().GetProperty("At")?.GetValue(evt) as DateTimeOffset?;
}
