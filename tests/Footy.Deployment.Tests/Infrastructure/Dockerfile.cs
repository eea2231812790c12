namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>deploy/Dockerfile read as instructions: continuation lines joined, comments dropped, each stage's lines apart.</summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<string>> stages) => Stages = stages;

    /// <summary>Each stage's instructions, its FROM first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Stages { get; }

    public IReadOnlyList<string> Runtime => Stages[^1];

    public static Dockerfile Load()
    {
        var instructions = new List<string>();
        var current = "";
        foreach (var raw in Repository.Read("deploy/Dockerfile").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0 && current.Length == 0) continue;
            current += (current.Length > 0 ? " " : "") + line.TrimEnd('\\').Trim();
            if (line.EndsWith('\\')) continue;
            if (current.Length > 0) instructions.Add(current);
            current = "";
        }
        var stages = new List<List<string>>();
        foreach (var instruction in instructions)
        {
            if (instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)) stages.Add([]);
            stages[^1].Add(instruction);
        }
        return new Dockerfile(stages);
    }

    /// <summary>The FOOTY_ variables the runtime image sets with ENV: every deployment of the image starts from them.</summary>
    public IReadOnlyDictionary<string, string> FootyEnvironment() =>
        Runtime.Where(i => i.StartsWith("ENV ", StringComparison.OrdinalIgnoreCase))
            .SelectMany(i => i[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].StartsWith("FOOTY_", StringComparison.Ordinal))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));
}
