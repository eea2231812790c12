using System.CommandLine;
using System.Diagnostics;
using Footy.Admin;
using Footy.Cli.Commands.Inspect;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;

namespace Footy.Cli.Commands;

/// <summary>
/// <c>footy readmodel rebuild</c>: projects the whole journal into the read model's staging tables and puts them in place. With a
/// daemon running on the data directory, its projection does it (through the admin endpoint); otherwise this process does.
/// </summary>
internal static class ReadModelCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var rebuild = new Command("rebuild",
            "Project the whole journal into the read model (ReadModel:Provider) again. With the daemon running, its projection " +
            "rebuilds (through the admin endpoint) while the goals page keeps showing the read model as it was until the rebuilt one " +
            "replaces it whole; with every node stopped, this process rebuilds")
        {
            config,
        };
        rebuild.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: false) is not { } loaded) return 2;
            var options = loaded.Options;
            if (await RunningDaemonAsync(options, ct) is { } endpoint)
                return await OnlineAsync(endpoint, parse.GetValue(config), ct);
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

    /// <summary>The running daemon's projection rebuilds; the call lasts as long as the rebuild, hence no timeout.</summary>
    private static async Task<int> OnlineAsync(string endpoint, string? configFile, CancellationToken ct)
    {
        try
        {
            using var admin = AdminClient.Create(endpoint, configFile, streaming: true);
            var rebuilt = await admin.PostAsync<ReadModelCommands.Rebuilt>("/api/readmodel/rebuild", ct);
            CommandOutput.Out.WriteLine(
                $"Read model rebuilt by the running daemon ({endpoint}) from {rebuilt.Events} journal events in {rebuilt.Seconds:0.0} s; position {rebuilt.Position}");
            return 0;
        }
        catch (AdminCallException e)
        {
            Console.Error.WriteLine($"footy readmodel rebuild: {e.Message}");
            return e.ExitCode;
        }
    }

    /// <summary>
    /// The admin endpoint a daemon on this data directory wrote, unless nothing listens there any more (a file left by a daemon
    /// that died). A daemon too busy to answer in time is still running: rebuilding beside it would race its projection.
    /// </summary>
    private static async Task<string?> RunningDaemonAsync(FootyOptions options, CancellationToken ct)
    {
        var file = AdminEndpoint.EndpointFile(options);
        if (!File.Exists(file)) return null;
        var endpoint = (await File.ReadAllTextAsync(file, ct)).Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri(uri, "/healthz"), ct);
            return endpoint;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return endpoint;
        }
    }
}
