namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>deploy/footy.service: its directives (a directive given twice keeps every value, in order).</summary>
public sealed class SystemdUnit
{
    /// <summary>Where the install steps of docs/deployment.md copy the repository's files on the Pi.</summary>
    private static readonly Dictionary<string, string> Installed = new(StringComparer.Ordinal)
    {
        ["/etc/footy/footy.json"] = "config/raspberry-pi.json",
    };

    private readonly List<(string Section, string Key, string Value)> _directives;

    private SystemdUnit(List<(string, string, string)> directives) => _directives = directives;

    public static SystemdUnit Load()
    {
        var directives = new List<(string, string, string)>();
        var section = "";
        foreach (var raw in Repository.Read("deploy/footy.service").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            if (line.StartsWith('[')) { section = line.Trim('[', ']'); continue; }
            var pair = line.Split('=', 2);
            directives.Add((section, pair[0].Trim(), pair.Length > 1 ? pair[1].Trim() : ""));
        }
        return new SystemdUnit(directives);
    }

    public IReadOnlyList<string> Values(string key) => _directives.Where(d => d.Section == "Service" && d.Key == key).Select(d => d.Value).ToList();

    public string? Value(string key) => Values(key).LastOrDefault();

    /// <summary>The variables of <c>Environment=</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        Values("Environment").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Trim('"').Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

    /// <summary>The <c>--config</c> file of ExecStart.</summary>
    public string ConfigFile
    {
        get
        {
            var arguments = (Value("ExecStart") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var index = Array.IndexOf(arguments, "--config");
            Assert.True(index >= 0 && index + 1 < arguments.Length, "ExecStart has no --config file");
            return arguments[index + 1];
        }
    }

    public static string RepositoryFileOf(string installedPath) =>
        Installed.TryGetValue(installedPath, out var file) ? file : throw new Xunit.Sdk.XunitException($"the install steps put nothing at {installedPath}");
}
