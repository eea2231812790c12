using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using Footy.Daemon.Configuration;
using Footy.Daemon.Summary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Footy.Cli.Commands;

/// <summary>
/// <c>--json</c> of the commands that run until stopped (<c>run</c>, <c>record</c>): when stopped they print what the daemon
/// published, as the JSON summary <c>footy replay --json</c> prints (docs/recording-format.md), on stdout.
/// </summary>
internal static class StopSummary
{
    public static Option<bool> Option() => new("--json")
    {
        Description = "When stopped (Ctrl-C, SIGTERM), print what was published as JSON on stdout: the summary `footy replay --json` prints",
    };

    /// <summary>
    /// Runs a started live host until the command is stopped or the node stops on its own (<c>footy cluster leave</c>),
    /// then prints the summary when <paramref name="json"/> is set, while the actors can still answer, and stops the host.
    /// </summary>
    public static async Task RunUntilStoppedAsync(IHost host, FootyOptions options, bool json, CancellationToken ct)
    {
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopped.Token);
        }
        catch (OperationCanceledException)
        {
        }
        if (json)
            Print(await MatchdaySummary.CollectAsync(ActorRegistry.For(host.Services.GetRequiredService<ActorSystem>()),
                TimeSpan.FromSeconds(options.Polling.CycleTimeoutSeconds * 2)));
        await host.StopAsync(CancellationToken.None);
    }

    public static void Print(MatchdaySummary summary)
    {
        CommandOutput.Out.Write(summary.ToJson() + Environment.NewLine);
        CommandOutput.Out.Flush();
    }
}
