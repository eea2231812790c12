namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>
/// A KEY=VALUE file as Docker Compose (<c>.env</c>) and systemd (<c>EnvironmentFile=</c>) read it: comments and blank
/// lines skipped. In a committed example an empty value is one the operator must fill in (a secret).
/// </summary>
public static class EnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair.Length > 1 ? pair[1].Trim() : "", StringComparer.Ordinal);

    /// <summary>An example's values, each empty one replaced by a stand-in as an operator would fill it in.</summary>
    public static Dictionary<string, string> FilledIn(IReadOnlyDictionary<string, string> example) =>
        example.ToDictionary(kv => kv.Key, kv => kv.Value.Length > 0 ? kv.Value : "filled-in-" + kv.Key.ToLowerInvariant().Replace('_', '-'));
}
