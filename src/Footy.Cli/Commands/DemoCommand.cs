using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Replay;
using Footy.Media;
using Footy.Media.Synthetic;

namespace Footy.Cli.Commands;

/// <summary><c>footy demo</c>: the newcomer's first command, a bundled match replayed end to end with visible progress.</summary>
internal static class DemoCommand
{
    public const string DemoRecording = "world-cup-final-2022";

    /// <summary>The file that marks a data directory as the demo's own.</summary>
    private const string Marker = ".footy-demo";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Where the demo keeps its journal, clips and logs: a new or empty directory, or one an earlier demo made (emptied at each run). Default: .footy/demo", DefaultValueFactory = _ => ".footy/demo" };
        var command = new Command("demo", "Replay a bundled recording (the 2022 World Cup final) through the daemon, offline") { data };
        command.SetAction(async (parse, ct) =>
        {
            var dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            if (CommonOptions.LoadForReplayOrReport(null, dataDirectory) is not { } loaded) return 2;
            if (!TryStartAfresh(dataDirectory)) return 2;
            var recording = Path.GetFullPath(Path.Combine(".footy", "demo-recording"));
            await MaterializeAsync(CommonOptions.BundledRecording(DemoRecording), recording, loaded.Options, ct);

            CommandOutput.Out.WriteLine($"Replaying {recording}");
            CommandOutput.Out.WriteLine("through the real daemon (actors, journal, API client) on a virtual clock. Goal events as they happen:");
            var started = DateTime.UtcNow;
            var code = await ReplayCommand.RunAsync(recording, loaded, json: false, new ReplaySettings(), LogSetup.Console.DomainEventsToStderr, ShowProgress, ct);
            if (code != 0) return code;
            CommandOutput.Out.WriteLine();
            CommandOutput.Out.WriteLine($"Done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s of real time.");
            CommandOutput.Out.WriteLine($"Results: the summary above; the stored clips are in {Path.Combine(dataDirectory, "clips")},");
            CommandOutput.Out.WriteLine($"the event journal is {Path.Combine(dataDirectory, "journal.db")}, logs are in {Path.Combine(dataDirectory, "logs")}.");
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, recording);
            CommandOutput.Out.WriteLine($"Replay it yourself: ./footy replay {relative} --json");
            CommandOutput.Out.WriteLine($"Watch its goals and clips on the goals page: ./footy run --recording {relative} (http://{loaded.Options.Web.Address}:{loaded.Options.Web.Port}/)");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Empties the demo's data directory for a fresh run, but only one the demo made itself (it leaves <see cref="Marker"/>
    /// in it): any other non-empty directory is refused and left untouched.
    /// </summary>
    private static bool TryStartAfresh(string dataDirectory)
    {
        var marker = Path.Combine(dataDirectory, Marker);
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            if (!File.Exists(marker))
            {
                Console.Error.WriteLine($"footy demo: {dataDirectory} is not empty and was not made by `footy demo`; nothing was deleted. " +
                                        "Name a new or empty directory with --data.");
                return false;
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(marker, "Made by `footy demo`, which empties this directory at its next run." + Environment.NewLine);
        return true;
    }

    /// <summary>
    /// A working copy of the bundled recording with its clips: rendered with ffmpeg from the clip plan the first
    /// time (about a minute), reused afterwards.
    /// </summary>
    private static async Task MaterializeAsync(string bundled, string target, Footy.Daemon.Configuration.FootyOptions options, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(bundled, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(bundled, file));
            if (File.Exists(copy) && File.GetLastWriteTimeUtc(copy) >= File.GetLastWriteTimeUtc(file)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
        if (ClipPlan.Load(target) is not { } plan) return;
        var tools = new MediaToolsOptions { FfmpegPath = options.Clips.FfmpegPath, FfprobePath = options.Clips.FfprobePath };
        await plan.RenderAsync(target, tools, new Progress<string>(step => Console.Error.WriteLine($"  clips: {step} (first run only)")), ct);
    }

    private static void ShowProgress(ReplayTick tick)
    {
        if (tick.Poll % 40 != 0) return;
        Console.Error.WriteLine($"  ... {tick.VirtualNow:HH:mm} UTC, poll {Math.Min(tick.Poll, tick.PollCount)}/{tick.PollCount}");
    }
}
