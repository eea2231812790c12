using System.CommandLine;
using Footy.Admin;
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
        var nodes = new Option<int?>("--nodes")
        {
            Description = "Run the replay on N local node processes forming one cluster on loopback; the journal and clip store are " +
                          "those named by FOOTY_ variables and must be a PostgreSQL journal and an S3 store",
        };
        var kill = new Option<string[]>("--kill")
        {
            Description = "With --nodes: SIGKILL node NODE (a number, 'poller' for whichever node hosts the poller, or 'clips' for the first node seen processing clips from that poll on) during poll POLL, as NODE@POLL; repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var leave = new Option<string[]>("--leave")
        {
            Description = "With --nodes: SIGTERM node NODE during poll POLL, a graceful leave, as NODE@POLL; repeatable (a rolling restart)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var timing = new Option<string?>("--timing")
        {
            Description = "Write the real time of every poll to this JSON file (mean, p50, p95, max, and each stage's total, slowest first) " +
                          "and its one-line summary to stderr; one node only",
        };
        var restartAfter = new Option<string>("--restart-after")
        {
            Description = "With --nodes: seconds after which a node taken down is started again on its address, or 'never'", DefaultValueFactory = _ => "15",
        };
        var command = new Command("replay", "Replay a recorded match day through the daemon and print what it published. " +
                                            "It writes only into stores named by --data, --config or FOOTY_ variables, never into those of a configuration file it picked up by itself")
        {
            recording, data, json, replay.ApplyFilters, replay.EnforceBudget, config, nodes, kill, leave, restartAfter, timing,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadForReplayOrReport(parse.GetValue(config), parse.GetValue(data)) is not { } loaded) return 2;
            var settings = CommonOptions.ReplaySettings(parse, replay);
            if (parse.GetValue(nodes) is not { } count)
                return await RunAsync(parse.GetValue(recording)!, loaded, parse.GetValue(json), settings, LogSetup.Console.WarningsToStderr, null, ct,
                    parse.GetValue(timing));
            if (ClusterSettings(count, parse.GetValue(kill) ?? [], parse.GetValue(leave) ?? [], parse.GetValue(restartAfter)!, settings) is not { } cluster)
                return 2;
            var nodeArguments = parse.GetValue(config) is { } file ? new[] { "--config", Path.GetFullPath(file) } : [];
            return await RunOnNodesAsync(parse.GetValue(recording)!, loaded, parse.GetValue(json), cluster, nodeArguments, ct);
        });
        return command;
    }

    /// <summary>
    /// <c>footy replay-node</c>, hidden: one node of <c>footy replay --nodes</c>, started by it (never by hand), serving its
    /// coordinator on <c>--control-port</c> until SIGTERM.
    /// </summary>
    public static Command CreateNode()
    {
        var recording = CommonOptions.Recording("Folder of the recording being replayed");
        var server = new Option<string>("--server") { Description = "The coordinator's recording server", Required = true };
        var control = new Option<int>("--control-port") { Description = "Port on 127.0.0.1 the coordinator drives this node on", Required = true };
        var data = CommonOptions.Data("This node's data directory (logs, temporary files)");
        var replay = CommonOptions.ReplayOptions();
        var config = CommonOptions.Config();
        var command = new Command("replay-node", "One node of `footy replay --nodes`, started by it") { recording, server, control, data, replay.ApplyFilters, replay.EnforceBudget, config };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            if (CommonOptions.LoadForReplayOrReport(parse.GetValue(config), parse.GetValue(data)) is not { } loaded) return 2;
            var (logger, logs) = LogSetup.Create(loaded.Options, loaded.Configuration, LogSetup.Console.Everything);
            try
            {
                await ReplayNode.RunAsync(parse.GetValue(recording)!, loaded.Options, CommonOptions.ReplaySettings(parse, replay),
                    new Uri(parse.GetValue(server)!), parse.GetValue(control), [new AdminSurface(logs)], logger, ct);
                return 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e)
            {
                logger.Fatal(e, "Replay node stopped on an error");
                return 1;
            }
            finally
            {
                (logger as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static ClusterReplaySettings? ClusterSettings(int nodes, string[] kills, string[] leaves, string restartAfter, ReplaySettings replay)
    {
        var problems = new List<string>();
        var faults = kills.Select(k => (Text: k, Graceful: false)).Concat(leaves.Select(l => (Text: l, Graceful: true)))
            .Select(f =>
            {
                var fault = NodeFault.Parse(f.Text, f.Graceful, nodes, out var error);
                if (error is not null) problems.Add((f.Graceful ? "--leave " : "--kill ") + error);
                return fault;
            })
            .OfType<NodeFault>()
            .ToList();
        TimeSpan? restart = null;
        if (restartAfter != "never")
        {
            if (int.TryParse(restartAfter, out var seconds) && seconds >= 0) restart = TimeSpan.FromSeconds(seconds);
            else problems.Add($"--restart-after '{restartAfter}' must be a number of seconds or 'never'");
        }
        if (problems.Count == 0) return new ClusterReplaySettings(nodes, faults, restart, replay);
        foreach (var problem in problems) Console.Error.WriteLine(problem);
        return null;
    }

    private static async Task<int> RunOnNodesAsync(string recordingDirectory, (FootyOptions Options, IConfiguration Configuration, bool TemporaryData) loaded,
        bool json, ClusterReplaySettings settings, IReadOnlyList<string> nodeArguments, CancellationToken ct)
    {
        if (ClusterReplay.Problems(loaded.Options, settings.Nodes) is { Count: > 0 } problems)
        {
            foreach (var problem in problems) Console.Error.WriteLine(problem);
            return 2;
        }
        try
        {
            return await ReportAsync(loaded, json, async logger =>
                (await ClusterReplay.RunAsync(Path.GetFullPath(recordingDirectory), loaded.Options, settings, NodeProgram(), nodeArguments, logger, ct: ct)).Summary,
                LogSetup.Console.WarningsToStderr, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"The cluster replay failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>This very program, to start the nodes with: the footy executable, or <c>dotnet footy.dll</c>.</summary>
    private static NodeProgram NodeProgram()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? new NodeProgram(path, [typeof(ReplayCommand).Assembly.Location, "replay-node"])
            : new NodeProgram(path, ["replay-node"]);
    }

    public static async Task<int> RunAsync(
        string recordingDirectory, (FootyOptions Options, IConfiguration Configuration, bool TemporaryData) loaded, bool json,
        ReplaySettings settings, LogSetup.Console console, Action<ReplayTick>? onTick, CancellationToken ct, string? timingFile = null)
    {
        return await ReportAsync(loaded, json, async logger =>
        {
            var outcome = await ReplayRunner.RunAsync(recordingDirectory, loaded.Options, settings, logger, onTick, ct);
            if (timingFile is not null && outcome.Timing is { } timing)
            {
                await File.WriteAllTextAsync(timingFile, timing.ToJson(), ct);
                Console.Error.WriteLine($"Replay timing: {timing.ToText()}");
            }
            return outcome.Summary;
        }, console, ct);
    }

    private static async Task<int> ReportAsync((FootyOptions Options, IConfiguration Configuration, bool TemporaryData) loaded, bool json,
        Func<Serilog.ILogger, Task<Footy.Daemon.Summary.MatchdaySummary>> replay, LogSetup.Console console, CancellationToken ct)
    {
        var (options, configuration, temporary) = loaded;
        var (logger, _) = LogSetup.Create(options, configuration, console);
        try
        {
            var summary = await replay(logger);
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
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
            if (temporary) CommonOptions.DeleteTemporary(options.DataDirectory);
        }
    }
}
