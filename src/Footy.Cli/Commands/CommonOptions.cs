using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Commands;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config")
    {
        Description = $"Configuration file (JSON) layered over appsettings.json; default {OptionsLoader.DefaultConfigFile} when present",
    };

    /// <summary>Loads and validates configuration; on failure prints every problem and returns null.</summary>
    public static (FootyOptions Options, IConfiguration Configuration)? LoadOrReport(string? configFile, bool requireApiKey)
    {
        try
        {
            var (options, configuration) = OptionsLoader.Load(configFile);
            options.Validate(requireApiKey);
            return (options, configuration);
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>The folder of bundled recordings, copied beside the program at build time.</summary>
    public static string BundledRecording(string name) => Path.Combine(AppContext.BaseDirectory, "recordings", name);
}
