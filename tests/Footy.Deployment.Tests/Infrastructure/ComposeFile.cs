using System.Text.RegularExpressions;

namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>
/// docker-compose.yml as <c>docker compose config</c> would resolve it with a filled-in copy of .env.example: merge keys
/// applied and <c>${VARIABLE}</c> interpolated in every value. No Docker engine runs where the tests run, so this stands
/// in for <c>docker compose config</c>.
/// </summary>
public sealed partial class ComposeFile
{
    private ComposeFile(Dictionary<object, object> root, IReadOnlyList<Interpolation> interpolations)
    {
        Root = root;
        Interpolations = interpolations;
    }

    public Dictionary<object, object> Root { get; }

    /// <summary>Every <c>${...}</c> found in a value.</summary>
    public IReadOnlyList<Interpolation> Interpolations { get; }

    public sealed record Interpolation(string Variable, string Operator, string Where);

    public Dictionary<object, object> Services => Root.Map("services") ?? throw new InvalidOperationException("docker-compose.yml has no services");

    public Dictionary<object, object> Service(string name) =>
        Services.Map(name) ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service {name}");

    /// <summary>The services that run the footy image (a FOOTY_ variable in their environment).</summary>
    public IReadOnlyList<string> FootyNodes =>
        Services.Keys.Cast<string>().Where(name => Environment(name).Keys.Any(k => k.StartsWith("FOOTY_", StringComparison.Ordinal))).ToList();

    /// <summary>A service's environment, in either of Compose's two forms (a mapping, or a list of KEY=VALUE).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Service(service).TryGetValue("environment", out var environment)
            ? environment switch
            {
                Dictionary<object, object> map => map.ToDictionary(kv => (string)kv.Key, kv => kv.Value as string ?? ""),
                List<object> list => list.Cast<string>().Select(item => item.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
                _ => throw new Xunit.Sdk.XunitException($"service {service}: environment is neither a mapping nor a list"),
            }
            : new Dictionary<string, string>();

    public static ComposeFile Load(IReadOnlyDictionary<string, string> variables)
    {
        var root = Yaml.Documents(Repository.Read("docker-compose.yml")).Single();
        var interpolations = new List<Interpolation>();
        return new ComposeFile((Dictionary<object, object>)Interpolate(root, variables, interpolations, "")!, interpolations);
    }

    private static object? Interpolate(object? node, IReadOnlyDictionary<string, string> variables, List<Interpolation> found, string where) =>
        node switch
        {
            string text => Interpolate(text, variables, found, where),
            Dictionary<object, object> map => map.ToDictionary(kv => kv.Key, kv => Interpolate(kv.Value, variables, found, $"{where}/{kv.Key}")),
            List<object> list => list.Select((item, i) => Interpolate(item, variables, found, $"{where}[{i}]")).ToList(),
            _ => node,
        };

    /// <summary>Compose's interpolation: <c>$$</c> is a literal <c>$</c>; <c>${V}</c>, <c>${V:-default}</c>, <c>${V:?error}</c> and the forms without the colon.</summary>
    private static string Interpolate(string text, IReadOnlyDictionary<string, string> variables, List<Interpolation> found, string where) =>
        Reference().Replace(text, match =>
        {
            if (match.Value == "$$") return "$";
            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["bare"].Value;
            var op = match.Groups["op"].Value;
            var argument = match.Groups["arg"].Value;
            found.Add(new Interpolation(name, op, where));
            var set = variables.TryGetValue(name, out var value);
            var nonEmpty = set && value!.Length > 0;
            return op switch
            {
                ":-" => nonEmpty ? value! : argument,
                "-" => set ? value! : argument,
                ":+" => nonEmpty ? argument : "",
                "+" => set ? argument : "",
                ":?" => nonEmpty ? value! : throw new Xunit.Sdk.XunitException($"{where}: ${{{name}}} is required ({argument}) and not set"),
                "?" => set ? value! : throw new Xunit.Sdk.XunitException($"{where}: ${{{name}}} is required ({argument}) and not set"),
                _ => value ?? "",
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|-|:\?|\?|:\+|\+)(?<arg>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();
}
