using Footy.Cli.Tests.Infrastructure;
using Footy.Testing;

namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>
/// <c>footy config check --live</c>, the operator's own validation, run on a deployment's environment: every FOOTY_
/// variable must name a setting (a misspelt one would be silently ignored by the daemon) and the whole must be valid.
/// </summary>
public static class ConfigCheck
{
    public sealed record Outcome(int ExitCode, IReadOnlyList<string> Problems, string Output)
    {
        /// <summary>The problems that are FOOTY_ variables naming no setting (SettingsCheck.UnknownKeys' wording).</summary>
        public IReadOnlyList<string> UnknownKeys => Problems.Where(p => p.Contains(" is not a setting", StringComparison.Ordinal)).ToList();

        /// <summary>A failure message that names the unknown keys apart from every other problem.</summary>
        public string Explain(string deployment)
        {
            var others = Problems.Except(UnknownKeys).ToList();
            return $"`footy config check --live` rejects the environment of {deployment} (exit {ExitCode}).\n" +
                   (UnknownKeys.Count > 0 ? "FOOTY_ variables that are no setting:\n  - " + string.Join("\n  - ", UnknownKeys) + "\n" : "") +
                   (others.Count > 0 ? "Other problems:\n  - " + string.Join("\n  - ", others) + "\n" : "") +
                   (Problems.Count == 0 ? Output : "");
        }
    }

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, string? configFile = null)
    {
        var footy = environment.Where(kv => kv.Key.StartsWith("FOOTY_", StringComparison.Ordinal)).ToDictionary();
        Assert.NotEmpty(footy);
        // An empty working directory: no config/footy.json of the machine running the tests is picked up.
        using var workingDirectory = new TempDir();
        string[] arguments = configFile is null ? ["config", "check", "--live"] : ["config", "check", "--live", "--config", configFile];
        var outcome = await FootyProcess.RunAsync(arguments, footy, workingDirectory: workingDirectory.Path);
        var problems = outcome.Stderr.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Select(line => line[2..])
            .ToList();
        return new Outcome(outcome.ExitCode, problems, outcome.Stdout + outcome.Stderr);
    }
}
