using System.CommandLine;
using Akka.Actor;
using Footy.Cli.Setup;
using Footy.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Footy.Cli.Commands;

/// <summary><c>footy run</c>: the daemon, live against API-Football, until Ctrl-C or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("run", "Run the daemon against live API-Football data") { config };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: true) is not { } loaded) return 2;
            var (options, configuration) = loaded;
            var logger = LogSetup.Create(options, configuration, LogSetup.Console.Everything);
            try
            {
                using var host = FootyHost.Build(options, DaemonRuntime.Live(), logger);
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
