using System.CommandLine;
using Akka.Actor;
using Footy.Admin;
using Footy.Cli.Setup;
using Footy.Daemon.Hosting;
using Footy.Daemon.Replay;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Footy.Cli.Commands;

/// <summary>
/// <c>footy run</c>: the daemon, live against API-Football, until Ctrl-C or SIGTERM. With <c>--recording</c> it serves a
/// recording instead (on its virtual clock, as fast as the actors go) and then keeps running on its last state, with the
/// admin endpoint up, so every <c>footy</c> inspection command can be tried offline.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var recording = new Option<string?>("--recording") { Description = "Serve this recording instead of live API-Football (no API key needed)" };
        var pace = new Option<double>("--pace")
        {
            Description = "With --recording: real seconds between polls once the recording has been played", DefaultValueFactory = _ => 1.0,
        };
        var start = new Option<DateTimeOffset?>("--start")
        {
            Description = "With --recording: start the virtual clock here (UTC) and ingest as a live daemon started then would, e.g. after the recorded day to try `footy backfill`",
        };
        var command = new Command("run", "Run the daemon against live API-Football data (or a recording)") { config, recording, pace, start };
        command.SetAction(async (parse, ct) =>
        {
            var recordingDirectory = parse.GetValue(recording);
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: recordingDirectory is null) is not { } loaded) return 2;
            var (options, configuration) = loaded;
            var (logger, logs) = LogSetup.Create(options, configuration, LogSetup.Console.Everything);
            try
            {
                if (recordingDirectory is not null)
                {
                    await using var session = await ReplaySession.StartAsync(recordingDirectory, options, new ReplaySettings(), [new AdminSurface(logs)], logger, ct,
                        parse.GetValue(start)?.ToUniversalTime());
                    logger.Information("Footy.Actors running on recording {Recording}: data in {Data}", recordingDirectory, Path.GetFullPath(options.DataDirectory));
                    await session.PlayAsync(null, ct);
                    await session.KeepPollingAsync(TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(pace), 0.05, 3600)), ct);
                    return 0;
                }
                using var host = FootyHost.Build(options, DaemonRuntime.Live(), logger, new AdminSurface(logs));
                await host.StartAsync(ct);
                var system = host.Services.GetRequiredService<ActorSystem>();
                await FootyHost.WaitForClusterUpAsync(system, TimeSpan.FromMinutes(2));
                logger.Information("Footy.Actors running: data in {Data}, journal {Journal}, polling every {Interval}s",
                    Path.GetFullPath(options.DataDirectory), options.Journal.Provider, options.Polling.IntervalSeconds);
                await host.WaitForShutdownAsync(ct);
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
            }
        });
        return command;
    }
}
