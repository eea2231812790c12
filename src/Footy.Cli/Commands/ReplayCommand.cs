using System.CommandLine;
using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Footy.Daemon.Replay;
using Footy.Recordings;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Commands;

/// <summary><c>footy replay &lt;recording&gt; [--data dir] [--json]</c>: a recorded match day through the real daemon, offline.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var recording = CommonOptions.Recording("Folder of the recording to replay");
        var data = CommonOptions.Data("Data directory for the journal, clips and logs; a replay started again on it resumes. " +
                                      "Default: FOOTY_DataDirectory or the --config file's, else a fresh temporary directory, deleted afterwards");
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (the recording format's contract)" };
        var replay = CommonOptions.ReplayOptions();
        var config = CommonOptions.Config();
        var command = new Command("replay", "Replay a recorded match day through the daemon and print what it published. " +
                                            "It writes only into stores named by --data, --config or FOOTY_ variables, never into those of a configuration file it picked up by itself")
        {
            recording, data, json, replay.ApplyFilters, replay.EnforceBudget, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadForReplayOrReport(parse.GetValue(config), parse.GetValue(data)) is not { } loaded) return 2;
            return await RunAsync(parse.GetValue(recording)!, loaded, parse.GetValue(json), CommonOptions.ReplaySettings(parse, replay),
                LogSetup.Console.WarningsToStderr, null, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        string recordingDirectory, (FootyOptions Options, IConfiguration Configuration, bool TemporaryData) loaded, bool json,
        ReplaySettings settings, LogSetup.Console console, Action<ReplayTick>? onTick, CancellationToken ct)
    {
        var (options, configuration, temporary) = loaded;
        var (logger, _) = LogSetup.Create(options, configuration, console);
        try
        {
            var summary = (await ReplayRunner.RunAsync(recordingDirectory, options, settings, logger, onTick, ct)).Summary;
            CommandOutput.Out.Write(json ? summary.ToJson() + Environment.NewLine : summary.ToText());
            CommandOutput.Out.Flush();
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
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
            if (temporary) CommonOptions.DeleteTemporary(options.DataDirectory);
        }
    }
}
