using System.CommandLine;
using Akka.Actor;
using Footy.Admin;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Footy.Daemon.Hosting;
using Footy.Daemon.Replay;
using Footy.Recordings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Footy.Cli.Commands;

/// <summary>
/// <c>footy run</c>: the daemon, live against API-Football, until Ctrl-C or SIGTERM. Given a recording it serves the
/// recording instead (on its virtual clock, as fast as the actors go) and then keeps running on its last state, with the
/// admin endpoint up, so every <c>footy</c> inspection command can be tried offline.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        // An option, not the first argument as for replay and record: without it the daemon runs live.
        var recording = new Option<string?>("--recording")
        {
            Description = "Serve this recording instead of live API-Football (no API key needed; see docs/recording-format.md)",
        };
        var data = CommonOptions.Data("Data directory (journal, clips, logs); overrides DataDirectory. With a recording the default is " +
                                      "FOOTY_DataDirectory or the --config file's, else a fresh temporary directory, deleted afterwards");
        var replay = CommonOptions.ReplayOptions();
        var config = CommonOptions.Config();
        var pace = new Option<double>("--pace")
        {
            Description = "With a recording: real seconds between polls once the recording has been played", DefaultValueFactory = _ => 1.0,
        };
        var start = new Option<DateTimeOffset?>("--start")
        {
            Description = "With a recording: start the virtual clock here (UTC) and ingest as a live daemon started then would, e.g. after the recorded day to try `footy backfill`",
        };
        var json = StopSummary.Option();
        var command = new Command("run", "Run the daemon against live API-Football data, or serving a recording. " +
                                         "With a recording it writes only into stores named by --data, --config or FOOTY_ variables, never into those of a configuration file it picked up by itself")
        {
            recording, data, json, replay.ApplyFilters, replay.EnforceBudget, config, pace, start,
        };
        command.SetAction(async (parse, ct) =>
        {
            var recordingDirectory = parse.GetValue(recording);
            if (recordingDirectory is null)
            {
                if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: true) is not { } live) return 2;
                if (parse.GetValue(data) is { } dataDirectory) live.Options.DataDirectory = dataDirectory;
                return await RunAsync(live.Options, live.Configuration, temporaryData: false,
                    (logger, logs) => RunLiveAsync(live.Options, parse.GetValue(json), logger, logs, ct));
            }
            if (CommonOptions.LoadForReplayOrReport(parse.GetValue(config), parse.GetValue(data)) is not { } loaded) return 2;
            return await RunAsync(loaded.Options, loaded.Configuration, loaded.TemporaryData, async (logger, logs) =>
            {
                await using var session = await ReplaySession.StartAsync(recordingDirectory, loaded.Options, CommonOptions.ReplaySettings(parse, replay),
                    [new AdminSurface(logs)], logger, ct, parse.GetValue(start)?.ToUniversalTime());
                logger.Information("Footy.Actors running on recording {Recording}: data in {Data}", recordingDirectory, Path.GetFullPath(loaded.Options.DataDirectory));
                await session.PlayAsync(null, ct);
                try
                {
                    await session.KeepPollingAsync(TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(pace), 0.05, 3600)), ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
                if (parse.GetValue(json)) StopSummary.Print(await session.SummaryAsync(CancellationToken.None));
            });
        });
        return command;
    }

    private static async Task RunLiveAsync(FootyOptions options, bool json, Serilog.ILogger logger, DaemonLogs logs, CancellationToken ct)
    {
        using var host = FootyHost.Build(options, DaemonRuntime.Live(), logger, new AdminSurface(logs));
        await host.StartAsync(ct);
        var system = host.Services.GetRequiredService<ActorSystem>();
        await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromMinutes(2));
        logger.Information("Footy.Actors running: data in {Data}, journal {Journal}, polling every {Interval}s",
            Path.GetFullPath(options.DataDirectory), options.Journal.Provider, options.Polling.IntervalSeconds);
        await StopSummary.RunUntilStoppedAsync(host, options, json, ct);
    }

    private static async Task<int> RunAsync(
        FootyOptions options, IConfiguration configuration, bool temporaryData, Func<Serilog.ILogger, DaemonLogs, Task> body)
    {
        var (logger, logs) = LogSetup.Create(options, configuration, LogSetup.Console.Everything);
        try
        {
            await body(logger, logs);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (RecordingFormatException e)
        {
            logger.Fatal("Not a valid recording: {Error}", e.Message);
            return 2;
        }
        catch (Exception e)
        {
            logger.Fatal(e, "Footy.Actors stopped on an error");
            return 1;
        }
        finally
        {
            await Serilog.Log.CloseAndFlushAsync();
            (logger as IDisposable)?.Dispose();
            if (temporaryData) CommonOptions.DeleteTemporary(options.DataDirectory);
        }
    }
}
