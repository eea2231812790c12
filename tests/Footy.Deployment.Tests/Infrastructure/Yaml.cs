using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>
/// YAML documents as plain trees (mappings, sequences, strings), with anchors, aliases and merge keys (<c>&lt;&lt;: *x</c>)
/// resolved as Docker Compose and kubectl resolve them: a key of the mapping itself wins over a merged one.
/// </summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static IReadOnlyList<Dictionary<object, object>> Documents(string text)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            if (Deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document) documents.Add(document);
        return documents;
    }

    public static Dictionary<object, object>? Map(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value as Dictionary<object, object> : null;

    public static List<object>? List(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value as List<object> : null;

    public static string? Text(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>The mapping at a path of keys, or null where one is missing.</summary>
    public static Dictionary<object, object>? At(this Dictionary<object, object> map, params string[] path) =>
        path.Aggregate<string, Dictionary<object, object>?>(map, (current, key) => current?.Map(key));

    public static IEnumerable<Dictionary<object, object>> Maps(this List<object>? list) =>
        list?.OfType<Dictionary<object, object>>() ?? [];
}
