using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;
using Akka.Actor;
using Akka.Serialization;
using Footy.Domain.Fixtures;
using Footy.Domain.Polling;
using Footy.Domain.Goals;

namespace Footy.Daemon.Persistence;

/// <summary>
/// Serializes everything the journal and snapshot store keep (events and state snapshots) as plain JSON
/// with a short manifest: the type's name. Akka's default Newtonsoft serializer cannot read immutable
/// collections back, and ties stored data to assembly-qualified names.
/// Renaming a persisted type breaks existing journals: add a new type instead.
/// </summary>
public sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The base types whose every concrete subtype is persisted through this serializer.</summary>
    public static readonly IReadOnlyList<Type> PersistedBases =
    [
        typeof(GoalEvent), typeof(GoalSnapshot), typeof(ClipEvents.IClipEvent),
        typeof(FixtureEvents.IFixtureEvent), typeof(FixtureState),
        typeof(PollerEvents.IPollerEvent), typeof(PollerState),
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Dictionary<string, Type> TypesByManifest = PersistedBases
        .SelectMany(b => b.Assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && b.IsAssignableFrom(t)))
        .Distinct()
        .ToDictionary(t => t.Name, t => t);

    public override int Identifier => 7311;

    /// <summary>HOCON that binds the persisted types to this serializer.</summary>
    public static string Hocon()
    {
        var bindings = string.Join("\n", PersistedBases.Select(b => $"      \"{b.FullName}, {b.Assembly.GetName().Name}\" = footy-journal"));
        return $$"""
            akka.actor {
              serializers {
                footy-journal = "{{typeof(JournalSerializer).FullName}}, {{typeof(JournalSerializer).Assembly.GetName().Name}}"
              }
              serialization-bindings {
            {{bindings}}
              }
              serialization-identifiers {
                "{{typeof(JournalSerializer).FullName}}, {{typeof(JournalSerializer).Assembly.GetName().Name}}" = 7311
              }
            }
            """;
    }

    public override string Manifest(object o) =>
        TypesByManifest.TryGetValue(o.GetType().Name, out var t) && t == o.GetType()
            ? t.Name
            : throw new ArgumentException($"{o.GetType().FullName} is not a persisted type of Footy.Actors");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json)
              ?? throw new SerializationException($"journal entry '{manifest}' is empty")
            : throw new SerializationException($"unknown journal manifest '{manifest}': was a persisted type renamed? ({Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)))})");
}
