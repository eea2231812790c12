using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Footy.Daemon.Configuration;

/// <summary>
/// What <c>footy config check</c> finds beyond <see cref="FootyOptions.Validate"/>: keys no setting reads (a misspelt
/// setting is otherwise silently ignored), and combinations that cannot work.
/// </summary>
public static class SettingsCheck
{
    /// <summary>Keys read outside <see cref="FootyOptions"/>: the log level, and the CLI's own FOOTY_ADMIN_URL.</summary>
    private static readonly HashSet<string> ReadElsewhere = new(StringComparer.OrdinalIgnoreCase) { "Logging:MinimumLevel", "ADMIN_URL" };

    /// <summary>Every configured key that matches no setting, with the closest setting's name when there is one.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(kv => kv.Value is not null && !ReadElsewhere.Contains(kv.Key))
            .Select(kv => Unknown(kv.Key))
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Settings that each look right but cannot work together.</summary>
    public static IReadOnlyList<string> ImpossibleCombinations(FootyOptions options)
    {
        var problems = new List<string>();
        if (!ImpliesSeveralNodes(options.Cluster)) return problems;
        var nodes = options.Cluster.Discovery == ClusterDiscovery.None
            ? $"Cluster:SeedNodes ({string.Join(", ", options.Cluster.SeedNodes)}) makes a cluster of several nodes"
            : $"Cluster:Discovery {options.Cluster.Discovery} forms a cluster of at least Cluster:RequiredContactPoints = {options.Cluster.RequiredContactPoints} nodes";
        if (options.Journal.Provider == JournalProvider.Sqlite)
            problems.Add($"{nodes}, but Journal:Provider is Sqlite, a file of one node: use PostgreSql so the nodes share one journal");
        if (options.ReadModel.Provider == ReadModelProvider.Sqlite)
            problems.Add($"{nodes}, but ReadModel:Provider is Sqlite, a file of one node: use PostgreSql or MongoDb so every node and website reads the read model the projection writes");
        if (options.Clips.StorageKind == "filesystem")
            problems.Add($"{nodes}, but Clips:StorageKind is filesystem, a folder of one node: use s3 so the nodes share one clip store");
        return problems;
    }

    /// <summary>Discovery (it always waits for at least two contact points), more than one seed node, or a seed node other than this node itself.</summary>
    private static bool ImpliesSeveralNodes(ClusterNodeOptions cluster) =>
        cluster.Discovery != ClusterDiscovery.None
        || cluster.SeedNodes.Count > 1
        || cluster.SeedNodes.Any(seed => !seed.EndsWith($"@{cluster.Hostname}:{cluster.Port}", StringComparison.OrdinalIgnoreCase));

    private static string? Unknown(string key)
    {
        var type = typeof(FootyOptions);
        var path = new List<string>();
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            if (Element(type, typeof(IDictionary<,>), 1) is { } value)
            {
                type = value;
            }
            else if (type != typeof(string) && Element(type, typeof(IEnumerable<>), 0) is { } item)
            {
                if (!int.TryParse(segment, out _)) return $"{key}: {string.Join(":", path)} is a list, '{segment}' is not an index";
                type = item;
            }
            else if (Settable(type) is { Count: > 0 } properties)
            {
                var property = properties.FirstOrDefault(p => p.Name.Equals(segment, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                {
                    var suggestion = Closest(segment, properties.Select(p => p.Name));
                    return suggestion is null ? $"{key} is not a setting" : $"{key} is not a setting; did you mean {string.Join(":", path.Append(suggestion))}?";
                }
                type = property.PropertyType;
            }
            else
            {
                return $"{key} is not a setting: {string.Join(":", path)} has no settings below it";
            }
            path.Add(segment);
        }
        return null;
    }

    private static List<PropertyInfo> Settable(Type type) =>
        type.IsPrimitive || type == typeof(string) || type == typeof(Uri) || type == typeof(TimeSpan) || type.IsEnum
            ? []
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();

    private static Type? Element(Type type, Type generic, int argument) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic))
        ?.GetGenericArguments()[argument];

    /// <summary>The name nearest to a misspelt one (edit distance at most a third of its length), if any.</summary>
    private static string? Closest(string wrong, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: Distance(wrong.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, c.Name.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
