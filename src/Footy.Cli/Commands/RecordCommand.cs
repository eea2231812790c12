using System.CommandLine;
using Akka.Actor;
using Footy.Admin;
using Footy.Cli.Setup;
using Footy.Daemon.Hosting;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Footy.Cli.Commands;

/// <summary><c>footy record &lt;recording&gt;</c>: run live and capture every API-Football answer in the recording format.</summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.Recording("Folder to write the recording into");
        var name = new Option<string?>("--name") { Description = "Recording name (default: the folder name)" };
        var data = CommonOptions.Data("Data directory of the live daemon (journal, clips, logs); overrides DataDirectory");
        var config = CommonOptions.Config();
        var json = StopSummary.Option();
        var command = new Command("record", "Run the daemon live and record its API-Football traffic for later replay (tracking filters and budget apply, as live)")
        {
            directory, name, data, json, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: true) is not { } loaded) return 2;
            var (options, configuration) = loaded;
            if (parse.GetValue(data) is { } dataDirectory) options.DataDirectory = dataDirectory;
            var target = Path.GetFullPath(parse.GetValue(directory)!);
            var (logger, logs) = LogSetup.Create(options, configuration, LogSetup.Console.Everything);
            try
            {
                var writer = new RecordingWriter(target, parse.GetValue(name) ?? Path.GetFileName(target), options.Polling.Interval);
                using var host = FootyHost.Build(options, DaemonRuntime.Live(writer), logger, new AdminSurface(logs));
                await host.StartAsync(ct);
                await FootyHost.WaitForClusterUpAsync(host.Services.GetRequiredService<ActorSystem>(), TimeSpan.FromMinutes(2));
                logger.Information("Recording API-Football traffic into {Directory}; Ctrl-C to stop", target);
                await StopSummary.RunUntilStoppedAsync(host, options, parse.GetValue(json), ct);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            finally
            {
                (logger as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
