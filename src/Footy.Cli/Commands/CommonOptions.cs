using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Commands;

/// <summary>The options that mean the same thing in every command that has them, declared once.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config")
    {
        Description = $"Configuration file (JSON) layered over appsettings.json; default {OptionsLoader.DefaultConfigFile} when present",
    };

    /// <summary>The recording, the first argument of <c>footy replay|record &lt;recording&gt;</c> (<c>footy run</c> takes it as <c>--recording</c>).</summary>
    public static Argument<string> Recording(string description) => new("recording") { Description = description + " (see docs/recording-format.md)" };

    public static Option<string?> Data(string description) => new("--data") { Description = description };

    /// <summary>The options of a replayed recording (<c>footy replay</c>, <c>footy run --recording</c>).</summary>
    public static (Option<bool> ApplyFilters, Option<bool> EnforceBudget) ReplayOptions() => (
        new("--apply-filters") { Description = "Apply the configured league and team filters (by default a replay tracks every recorded fixture)" },
        new("--enforce-budget") { Description = "Keep to the configured API request budget, to see how polling degrades on your plan (by default a replay has no limit)" });

    public static ReplaySettings ReplaySettings(ParseResult parse, (Option<bool> ApplyFilters, Option<bool> EnforceBudget) options) =>
        new(parse.GetValue(options.ApplyFilters), parse.GetValue(options.EnforceBudget));

    /// <summary>Loads and validates configuration; on failure prints every problem and returns null.</summary>
    public static (FootyOptions Options, IConfiguration Configuration)? LoadOrReport(string? configFile, bool requireApiKey) =>
        Report(() =>
        {
            var (options, configuration) = OptionsLoader.Load(configFile);
            return (options, configuration, false);
        }, requireApiKey) is { } loaded ? (loaded.Options, loaded.Configuration) : null;

    /// <summary>As <see cref="LoadOrReport"/>, for a replay: only stores named explicitly (<see cref="OptionsLoader.LoadForReplay"/>).</summary>
    public static (FootyOptions Options, IConfiguration Configuration, bool TemporaryData)? LoadForReplayOrReport(string? configFile, string? dataDirectory) =>
        Report(() => OptionsLoader.LoadForReplay(configFile, dataDirectory), requireApiKey: false);

    private static (FootyOptions Options, IConfiguration Configuration, bool TemporaryData)? Report(
        Func<(FootyOptions, IConfiguration, bool)> load, bool requireApiKey)
    {
        try
        {
            var loaded = load();
            loaded.Item1.Validate(requireApiKey);
            return loaded;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>The folder of bundled recordings, copied beside the program at build time.</summary>
    public static string BundledRecording(string name) => Path.Combine(AppContext.BaseDirectory, "recordings", name);

    /// <summary>A replay's temporary data directory goes when the replay ends; a leftover one is harmless.</summary>
    public static void DeleteTemporary(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
