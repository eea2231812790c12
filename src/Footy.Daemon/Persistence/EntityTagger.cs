using Akka.Persistence.Journal;
using Footy.Daemon.Clips;
using Footy.Domain.Fixtures;
using Footy.Domain.Polling;
using Footy.Domain.Goals;

namespace Footy.Daemon.Persistence;

/// <summary>
/// Tags every event with the kind of entity that persisted it, so a read model can follow one kind with
/// <c>EventsByTag</c>: a goal's lifecycle and clip events are <see cref="Goal"/>, a fixture's <see cref="Fixture"/>,
/// the live poller's <see cref="Poller"/>. Tags live in the journal's tag table.
/// </summary>
public sealed class EntityTagger : IWriteEventAdapter
{
    public const string Goal = "goal";
    public const string Fixture = "fixture";
    public const string Poller = "poller";

    /// <summary>The event base types this adapter is bound to.</summary>
    public static readonly Type[] TaggedBases =
        [typeof(GoalEvent), typeof(ClipEvents.IClipEvent), typeof(FixtureEvents.IFixtureEvent), typeof(PollerEvents.IPollerEvent)];

    public string Manifest(object evt) => "";

    public object ToJournal(object evt) => new Tagged(evt, [TagOf(evt)]);

    public static string TagOf(object evt) => evt switch
    {
        GoalEvent or ClipEvents.IClipEvent => Goal,
        FixtureEvents.IFixtureEvent => Fixture,
        PollerEvents.IPollerEvent => Poller,
        _ => throw new ArgumentException($"{evt.GetType().FullName} is not an event of a Footy.Actors entity", nameof(evt)),
    };
}
