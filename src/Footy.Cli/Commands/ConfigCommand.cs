using System.CommandLine;
using System.Text.Json;
using Footy.Admin;
using Footy.Cli.Commands.Inspect;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;

namespace Footy.Cli.Commands;

/// <summary><c>footy config check</c>: loads and validates a configuration as <c>footy run</c> would, without starting anything.</summary>
internal static class ConfigCommand
{
    private const string Hidden = "(set, hidden)";

    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = new Option<bool>("--json") { Description = "Print the effective settings as JSON (secrets hidden)" };
        var live = new Option<bool>("--live") { Description = "Also require what `footy run` against live API-Football needs (the API key)" };
        var check = new Command("check", "Validate a configuration (appsettings.json, --config file, FOOTY_ variables) without starting anything: bad values, unknown (misspelt) keys, and combinations that cannot work such as a SQLite journal or a filesystem clip store with several nodes")
        {
            config, json, live,
        };
        check.SetAction(parse =>
        {
            FootyOptions? options = null;
            var problems = new List<string>();
            try
            {
                (options, var configuration) = OptionsLoader.Load(parse.GetValue(config));
                problems.AddRange(SettingsCheck.UnknownKeys(configuration));
                problems.AddRange(SettingsCheck.ImpossibleCombinations(options));
                options.Validate(requireApiKey: parse.GetValue(live));
            }
            catch (OptionsValidationException e)
            {
                problems.InsertRange(0, e.Problems);
            }
            if (problems.Count > 0)
            {
                Console.Error.WriteLine(new OptionsValidationException(problems).Message);
                return 2;
            }
            var effective = Effective(options!);
            CommandOutput.Out.Write(parse.GetValue(json)
                ? JsonSerializer.Serialize(effective, AdminEndpoint.Json) + Environment.NewLine
                : "Configuration is valid." + Environment.NewLine + TextTable.Pairs(effective.Select(kv => (kv.Key, (string?)kv.Value))));
            return 0;
        });
        return new Command("config", "Check the daemon's configuration") { check };
    }

    /// <summary>The settings an operator most often gets wrong, as the daemon would use them; secrets only say whether they are set.</summary>
    private static SortedDictionary<string, string> Effective(FootyOptions o) => new(StringComparer.Ordinal)
    {
        ["DataDirectory"] = Path.GetFullPath(o.DataDirectory),
        ["ApiFootball:BaseUrl"] = o.ApiFootball.BaseUrl.ToString(),
        ["ApiFootball:ApiKey"] = Secret(o.ApiFootball.ApiKey),
        ["Budget"] = $"{o.Budget.DailyRequests}/day, {o.Budget.RequestsPerMinute}/min",
        ["Tracking:Leagues"] = string.Join(",", o.Tracking.Leagues),
        ["Tracking:Teams"] = string.Join(",", o.Tracking.Teams),
        ["Polling"] = $"every {o.Polling.IntervalSeconds}s, confirm after {o.Polling.ConfirmationPolls}, withdraw after {o.Polling.WithdrawalPolls}",
        ["Journal"] = o.Journal.Provider == JournalProvider.Sqlite ? "SQLite in the data directory" : "PostgreSQL " + (o.Journal.ConnectionString is null ? "" : Hidden),
        ["Cluster"] = $"{o.Cluster.Hostname}:{o.Cluster.Port}, seeds: {(o.Cluster.SeedNodes.Count == 0 ? "none (joins itself)" : string.Join(",", o.Cluster.SeedNodes))}",
        ["Clips:Storage"] = o.Clips.StorageKind == "s3" ? $"s3 {o.Clips.S3Endpoint} bucket {o.Clips.S3Bucket}, keys {Secret(o.Clips.S3SecretKey)}" : "filesystem",
        ["Clips:Sources"] = string.Join(", ", new[] { o.Clips.SearchServiceUrl.Length > 0 ? "search service" : null, o.Clips.RedditEnabled ? "reddit" : null }.OfType<string>()) is { Length: > 0 } s ? s : "none",
        ["Admin"] = o.Admin.Enabled ? $"{o.Admin.Address}:{o.Admin.Port}, token {Secret(o.Admin.Token)}" : "disabled",
        ["Admin:AlertWebhookUrl"] = o.Admin.AlertWebhookUrl.Length > 0 ? Hidden : "(none)",
        ["ReadModel"] = o.ReadModel.Provider switch
        {
            ReadModelProvider.Sqlite => "SQLite " + (o.ReadModel.ConnectionString is null ? "in the data directory (readmodel.db)" : Hidden),
            ReadModelProvider.MongoDb => $"MongoDB {Hidden}, database {o.ReadModel.Database}",
            _ => $"{o.ReadModel.Provider} {Hidden}",
        },
        ["Retention"] = o.Retention.Days == 0 ? "keep every fixture" : $"{o.Retention.Days} days, then " + (o.Retention.DeleteClips ? "purge records and clips" : "forget (records and clips stay)"),
    };

    private static string Secret(string value) => string.IsNullOrWhiteSpace(value) ? "(not set)" : Hidden;
}
