using System.CommandLine;
using System.Diagnostics;
using Footy.Admin;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;

namespace Footy.Cli.Commands;

/// <summary><c>footy readmodel rebuild</c>: empties the configured read model and projects the whole journal into it again.</summary>
internal static class ReadModelCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var rebuild = new Command("rebuild",
            "Empty the read model (ReadModel:Provider) and project the whole journal into it again. Run it with the daemon stopped " +
            "(every node of a cluster): the running projection would write into the store while it is rebuilt")
        {
            config,
        };
        rebuild.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: false) is not { } loaded) return 2;
            var options = loaded.Options;
            if (await RunningDaemonAsync(options, ct) is { } endpoint)
            {
                Console.Error.WriteLine($"footy readmodel rebuild: a daemon is running on this data directory (its admin endpoint {endpoint} answers): stop it first");
                return 2;
            }
            var clock = Stopwatch.StartNew();
            await using var store = ReadModelServices.CreateStore(options);
            var system = ReadModelRebuild.JournalReader(options);
            try
            {
                var applied = await ReadModelRebuild.RebuildAsync(system, store, options.Polling.GracePolls, ct);
                var counts = await store.CountsAsync(ct);
                CommandOutput.Out.WriteLine(
                    $"Read model ({options.ReadModel.Provider}) rebuilt from {applied} journal events in {clock.Elapsed.TotalSeconds:0.0} s: " +
                    $"{(await store.DaysAsync(ct)).Count} days, goals {string.Join(", ", counts.GoalsByState.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {kv.Key}"))}, " +
                    $"{counts.ClipsKept} clips; position {await store.PositionAsync(ct)}");
                return 0;
            }
            finally
            {
                await system.Terminate();
            }
        });
        return new Command("readmodel", "The read model websites read (docs/read-model.md)") { rebuild };
    }

    /// <summary>The admin endpoint a daemon on this data directory wrote, when it still answers.</summary>
    private static async Task<string?> RunningDaemonAsync(FootyOptions options, CancellationToken ct)
    {
        var file = AdminEndpoint.EndpointFile(options);
        if (!File.Exists(file)) return null;
        var endpoint = (await File.ReadAllTextAsync(file, ct)).Trim();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(endpoint), "/healthz"), ct);
            return endpoint;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return null;
        }
    }
}
