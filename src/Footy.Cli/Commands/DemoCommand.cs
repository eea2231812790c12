using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Replay;

namespace Footy.Cli.Commands;

/// <summary><c>footy demo</c>: the newcomer's first command, a bundled match replayed end to end with visible progress.</summary>
internal static class DemoCommand
{
    public const string DemoRecording = "world-cup-final-2022";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Where the demo keeps its journal and logs", DefaultValueFactory = _ => ".footy/demo" };
        var command = new Command("demo", "Replay a bundled recording (the 2022 World Cup final) through the daemon, offline") { data };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(null, requireApiKey: false) is not { } loaded) return 2;
            var (options, configuration) = loaded;
            var dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
            var recording = Path.GetRelativePath(Environment.CurrentDirectory, CommonOptions.BundledRecording(DemoRecording));
            if (Directory.Exists(Path.Combine("recordings", DemoRecording))) recording = Path.Combine("recordings", DemoRecording);

            CommandOutput.Out.WriteLine($"Replaying {recording}");
            CommandOutput.Out.WriteLine("through the real daemon (actors, journal, API client) on a virtual clock. Goal events as they happen:");
            var started = DateTime.UtcNow;
            var code = await ReplayCommand.RunAsync(recording, dataDirectory, json: false, new ReplaySettings(), options, configuration,
                LogSetup.Console.DomainEventsToStderr, ShowProgress, ct);
            if (code != 0) return code;
            CommandOutput.Out.WriteLine();
            CommandOutput.Out.WriteLine($"Done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s of real time.");
            CommandOutput.Out.WriteLine($"Results: the summary above; the event journal is {Path.Combine(dataDirectory, "journal.db")},");
            CommandOutput.Out.WriteLine($"logs are in {Path.Combine(dataDirectory, "logs")}.");
            CommandOutput.Out.WriteLine($"Replay it yourself: ./footy replay {recording} --json");
            return 0;
        });
        return command;
    }

    private static void ShowProgress(ReplayTick tick)
    {
        if (tick.Poll % 40 != 0) return;
        Console.Error.WriteLine($"  ... {tick.VirtualNow:HH:mm} UTC, poll {Math.Min(tick.Poll, tick.PollCount)}/{tick.PollCount}");
    }
}
