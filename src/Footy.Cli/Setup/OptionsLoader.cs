using Footy.Daemon.Configuration;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Setup;

/// <summary>
/// The one source of configuration: appsettings.json beside the program, then the file given with
/// --config (or config/footy.json in the working directory when present), then FOOTY_ environment
/// variables (FOOTY_ApiFootball__ApiKey), each overriding the one before.
/// </summary>
public static class OptionsLoader
{
    public const string DefaultConfigFile = "config/footy.json";

    public static (FootyOptions Options, IConfiguration Configuration) Load(string? configFile)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new OptionsValidationException([$"--config: file '{configFile}' does not exist"]);
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else if (File.Exists(DefaultConfigFile))
        {
            builder.AddJsonFile(Path.GetFullPath(DefaultConfigFile), optional: false);
        }
        builder.AddEnvironmentVariables("FOOTY_");
        var configuration = builder.Build();

        var options = new FootyOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException([e.InnerException?.Message ?? e.Message]);
        }
        // The binder appends configured list items to the defaults in code; a configured list must replace them.
        // (appsettings.json therefore carries no lists: configuration layers merge arrays index by index.)
        ReplaceList(configuration, "Tracking:Leagues", options.Tracking.Leagues);
        ReplaceList(configuration, "Tracking:Teams", options.Tracking.Teams);
        return (options, configuration);
    }

    private static void ReplaceList(IConfiguration configuration, string key, List<long> target)
    {
        var section = configuration.GetSection(key);
        if (!section.Exists()) return;
        var values = section.Get<long[]>() ?? [];
        target.Clear();
        target.AddRange(values);
    }
}
