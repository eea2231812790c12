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
        var configuration = Sources(configFile, pickedUp: true).Build();
        return (Bind(configuration), configuration);
    }

    /// <summary>
    /// The configuration for a replay (<c>footy replay</c>, <c>footy run</c> with a recording, <c>footy demo</c>): its
    /// stores (data directory, journal, clip store) only as named explicitly, by <paramref name="dataDirectory"/>
    /// (<c>--data</c>), the <c>--config</c> file or FOOTY_ variables. A file picked up by itself (appsettings.json
    /// beside the program, config/footy.json in the working directory) may be a production host's, and a replay must
    /// never write into its journal or clip store: those stores fall back to SQLite and the filesystem in the data
    /// directory, and the data directory to a fresh temporary one (<c>Temporary</c>: delete it afterwards).
    /// </summary>
    public static (FootyOptions Options, IConfiguration Configuration, bool Temporary) LoadForReplay(string? configFile, string? dataDirectory)
    {
        var (options, configuration) = Load(configFile);
        var named = Sources(configFile, pickedUp: false).Build();
        var stores = Bind(named);
        options.Journal = stores.Journal;
        options.Clips.StorageKind = stores.Clips.StorageKind;
        options.Clips.StorageRoot = stores.Clips.StorageRoot;
        options.Clips.S3Endpoint = stores.Clips.S3Endpoint;
        options.Clips.S3AccessKey = stores.Clips.S3AccessKey;
        options.Clips.S3SecretKey = stores.Clips.S3SecretKey;
        options.Clips.S3Bucket = stores.Clips.S3Bucket;
        options.Clips.S3UseSsl = stores.Clips.S3UseSsl;
        var chosen = dataDirectory ?? named[nameof(FootyOptions.DataDirectory)];
        options.DataDirectory = chosen ?? Path.Combine(Path.GetTempPath(), "footy-replay-" + Guid.NewGuid().ToString("N")[..12]);
        return (options, configuration, chosen is null);
    }

    /// <summary>The configuration sources in order; without <paramref name="pickedUp"/> only those an operator named.</summary>
    private static ConfigurationBuilder Sources(string? configFile, bool pickedUp)
    {
        var builder = new ConfigurationBuilder();
        if (pickedUp) builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new OptionsValidationException([$"--config: file '{configFile}' does not exist"]);
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else if (pickedUp && File.Exists(DefaultConfigFile))
        {
            builder.AddJsonFile(Path.GetFullPath(DefaultConfigFile), optional: false);
        }
        builder.AddEnvironmentVariables("FOOTY_");
        return builder;
    }

    private static FootyOptions Bind(IConfiguration configuration)
    {
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
        return options;
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
