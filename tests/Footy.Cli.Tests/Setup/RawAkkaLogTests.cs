using System.Text.RegularExpressions;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Testing;
using Xunit.Abstractions;

namespace Footy.Cli.Tests.Setup;

/// <summary>
/// Akka's own log lines reach the operator only through Serilog: a replay prints none in Akka's raw format, not even
/// the "Remoting shut down." that the logger mailbox used to flush to the console as the loggers stopped.
/// </summary>
public sealed partial class RawAkkaLogTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^\[(DEBUG|INFO|WARNING|ERROR)\]\[", RegexOptions.Multiline)]
    private static partial Regex RawAkkaLine();

    [Fact]
    public async Task A_replay_prints_no_raw_Akka_log_line_and_logs_the_shutdown_to_its_file()
    {
        using var temp = new TempDir();
        var data = temp.Combine("data");
        var outcome = await FootyProcess.RunAsync(
            ["replay", Summaries.Recording("world-cup-final-2022"), "--data", data], new Dictionary<string, string>());
        output.WriteLine(outcome.Stderr);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(RawAkkaLine().Matches(outcome.Stdout + outcome.Stderr));
        var log = string.Concat(Directory.GetFiles(Path.Combine(data, "logs")).Select(File.ReadAllText));
        Assert.Contains("remoting-terminator: Remoting shut down.", log);
    }
}
