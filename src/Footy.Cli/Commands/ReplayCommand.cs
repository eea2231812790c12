using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Daemon.Summary;
using Footy.Recordings;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Commands;

/// <summary><c>footy replay &lt;recording&gt; [--data dir] [--json]</c>: a recorded match day through the real daemon, offline.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var recording = new Argument<string>("recording") { Description = "Folder of a recording (see docs/recording-format.md)" };
        var data = new Option<string?>("--data") { Description = "Data directory for the journal; a replay started again on it resumes. Default: a fresh temporary directory" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (the recording format's contract)" };
        var filters = new Option<bool>("--apply-filters") { Description = "Apply the configured league and team filters (by default a replay tracks every recorded fixture)" };
        var budget = new Option<bool>("--enforce-budget") { Description = "Keep to the configured API request budget, to see how polling degrades on your plan (by default a replay has no limit)" };
        var config = CommonOptions.Config();
        var command = new Command("replay", "Replay a recorded match day through the daemon and print what it published")
        {
            recording, data, json, filters, budget, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadOrReport(parse.GetValue(config), requireApiKey: false) is not { } loaded) return 2;
            var (options, configuration) = loaded;
            var settings = new ReplaySettings(parse.GetValue(filters), parse.GetValue(budget));
            return await RunAsync(parse.GetValue(recording)!, parse.GetValue(data), parse.GetValue(json),
                settings, options, configuration, LogSetup.Console.WarningsToStderr, null, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        string recordingDirectory, string? dataDirectory, bool json, ReplaySettings settings, FootyOptions options,
        IConfiguration configuration, LogSetup.Console console, Action<ReplayTick>? onTick, CancellationToken ct)
    {
        var temporary = dataDirectory is null;
        options.DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "footy-replay-" + Guid.NewGuid().ToString("N")[..12]);
        var (logger, _) = LogSetup.Create(options, configuration, console);
        try
        {
            var summary = (await ReplayRunner.RunAsync(recordingDirectory, options, settings, logger, onTick, ct)).Summary;
            CommandOutput.Out.Write(json ? summary.ToJson() + Environment.NewLine : summary.ToText());
            CommandOutput.Out.Flush();
            return 0;
        }
        catch (RecordingFormatException e)
        {
            Console.Error.WriteLine($"Not a valid recording: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            Console.Error.WriteLine($"Recording not found: {e.Message}");
            return 2;
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
            if (temporary) TryDelete(options.DataDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the summary has already been printed.
        }
    }
}
