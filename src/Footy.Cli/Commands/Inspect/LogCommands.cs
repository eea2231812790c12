using System.CommandLine;
using Footy.Admin;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Commands.Inspect;

/// <summary><c>footy log ...</c>: the daemon's recent log lines from its in-memory ring, live lines, and the level at runtime.</summary>
internal static class LogCommands
{
    public static Command Create()
    {
        var count = new Option<int>("-n") { Description = "How many of the newest lines", DefaultValueFactory = _ => 50 };
        var level = new Argument<string?>("level") { Description = "New minimum level: Verbose, Debug, Information, Warning, Error or Fatal; omit to show it", Arity = ArgumentArity.ZeroOrOne };
        return new Command("log", "Read the daemon's log and change its level")
        {
            InspectCommand.Create("peek", "The newest log lines", [count],
                (c, p, ct) => c.GetAsync<List<LogLine>>($"/api/logs?n={p.GetValue(count)}", ct),
                lines => string.Concat(lines.Select(l => Line(l) + Environment.NewLine))),
            InspectCommand.Stream<LogLine>("tail", "Stream log lines as they are written, until Ctrl-C", "/api/logs/tail", Line),
            InspectCommand.Create("level", "Show or change the minimum log level at runtime", [level],
                (c, p, ct) => p.GetValue(level) is { } wanted
                    ? c.PutAsync<LogLevelView>($"/api/logs/level?level={Uri.EscapeDataString(wanted)}", ct)
                    : c.GetAsync<LogLevelView>("/api/logs/level", ct),
                v => v.Level + Environment.NewLine),
        };
    }

    private static string Line(LogLine l) =>
        $"{l.Timestamp.UtcDateTime:HH:mm:ss.fff} [{Short(l.Level)}] {l.Message}" + (l.Exception is null ? "" : Environment.NewLine + l.Exception);

    private static string Short(string level) => level switch
    {
        "Verbose" => "VRB", "Debug" => "DBG", "Information" => "INF", "Warning" => "WRN", "Error" => "ERR", "Fatal" => "FTL", _ => level,
    };
}
