using Footy.Cli.Tests.Infrastructure;
using Footy.Cli.Tests.Inspect;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary>
/// Long-running commands stop cleanly on SIGTERM: exit code 0, a last line that says so, no stack trace while stopping. SIGTERM, not
/// SIGINT: a test run under nohup hands its children SIGINT ignored, and the command rightly keeps ignoring it.
/// </summary>
public sealed class StopSignalTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "footy-stop-" + Guid.NewGuid().ToString("N")[..10]);
    private FootyProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = RecordingDaemon.Start(_data, Summaries.Recording("saturday-overlap"), RecordingDaemon.Token);
        await RecordingDaemon.WaitUntilPlayedAsync(_daemon, _data);
    }

    [Fact]
    public async Task Log_tail_and_run_stop_on_sigterm_with_exit_code_0_and_a_last_line_saying_so()
    {
        var cli = new Dictionary<string, string> { ["FOOTY_DataDirectory"] = _data, ["FOOTY_Admin__Token"] = RecordingDaemon.Token };
        await using var tail = FootyProcess.Start(["log", "tail"], cli);
        // The played recording logs nothing more: a level change logs a line, asked again until the tail has shown one.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!tail.Stdout.Contains("Log level changed", StringComparison.Ordinal) && !tail.HasExited && DateTime.UtcNow < deadline)
        {
            var level = await FootyProcess.RunAsync(["log", "level", "Information"], cli);
            Assert.Equal(0, level.ExitCode);
            await Task.Delay(1000);
        }
        Assert.False(tail.HasExited, tail.Stderr);
        Assert.Contains("[WRN] Log level changed from Information to Information", tail.Stdout);

        tail.Terminate();
        await tail.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, tail.ExitCode);
        Assert.Equal("footy log tail: stopped on SIGTERM", tail.Stderr.TrimEnd());

        var beforeStop = _daemon.Stderr.Length;
        _daemon.Terminate();
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, _daemon.ExitCode);
        Assert.EndsWith("footy run: stopped on SIGTERM", _daemon.Stderr.TrimEnd());
        var stopping = _daemon.Stderr[beforeStop..];
        Assert.False(stopping.Contains("   at ", StringComparison.Ordinal), $"a stack trace while stopping:\n{stopping}\n--- the whole log:\n{_daemon.Stderr}");
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
