using System.Diagnostics;
using System.Text;

namespace Footy.Media.Tests;

public class ToolRunnerTests
{
    private static ToolRunner Runner(Func<MediaToolsOptions, MediaToolsOptions>? configure = null) =>
        new((configure ?? (o => o))(new MediaToolsOptions()));

    [Fact]
    public async Task Missing_executable_is_a_typed_ToolMissing_failure()
    {
        var outcome = await Runner().RunAsync("/nonexistent/ffmpeg-nope", ["-version"]);
        var missing = Assert.IsType<ToolFailure.ToolMissing>(outcome.Failure);
        Assert.Equal("ffmpeg-nope", missing.Tool);
        Assert.Contains("could not be started", missing.Describe());
    }

    [Fact]
    public async Task Arguments_are_passed_verbatim_without_a_shell()
    {
        // A shell would expand $(...), globs and split on spaces/semicolons.
        var outcome = await Runner().RunAsync("printf", ["%s|", "a b;c", "$(echo injected)", "*", "'q'"]);
        Assert.True(outcome.Succeeded, outcome.Failure?.Describe());
        Assert.Equal("a b;c|$(echo injected)|*|'q'|", Encoding.UTF8.GetString(outcome.Run!.Stdout));
    }

    [Fact]
    public async Task Non_zero_exit_is_Crashed_with_exit_code_and_stderr_tail()
    {
        var outcome = await Runner().RunAsync("sh", ["-c", "echo first line >&2; echo boom happened >&2; exit 3"]);
        var crashed = Assert.IsType<ToolFailure.Crashed>(outcome.Failure);
        Assert.Equal(3, crashed.ExitCode);
        Assert.Contains("boom happened", crashed.StderrTail);
        Assert.EndsWith("boom happened", crashed.Describe());
    }

    [Fact]
    public async Task Stderr_tail_keeps_only_the_end()
    {
        var outcome = await Runner(o => o with { StderrTailBytes = 64 }).RunAsync("sh", ["-c", "i=0; while [ $i -lt 200 ]; do echo line$i >&2; i=$((i+1)); done; exit 1"]);
        var crashed = Assert.IsType<ToolFailure.Crashed>(outcome.Failure);
        Assert.True(crashed.StderrTail.Length <= 64);
        Assert.EndsWith("line199", crashed.StderrTail);
        Assert.DoesNotContain("line1\n", crashed.StderrTail);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree()
    {
        var childPid = 0;
        var clock = Stopwatch.StartNew();
        var outcome = await Runner(o => o with { ProcessTimeout = TimeSpan.FromMilliseconds(700) }).RunAsync(
            "sh", ["-c", "sleep 30 & echo $! >&2; wait"], stdout: null,
            stderrLine: line => { if (int.TryParse(line, out var pid)) childPid = pid; });
        clock.Stop();

        var timedOut = Assert.IsType<ToolFailure.TimedOut>(outcome.Failure);
        Assert.Equal(TimeSpan.FromMilliseconds(700), timedOut.Limit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(childPid > 0, "child pid was reported");
        Assert.True(await IsGoneAsync(childPid), $"grandchild sleep {childPid} survived the kill");
    }

    [Fact]
    public async Task Caller_cancellation_kills_the_process_and_throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunAsync("sleep", ["30"], cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stdout_over_the_cap_is_OutputTooLarge_and_the_process_is_killed()
    {
        var clock = Stopwatch.StartNew();
        // `yes` would write forever: only the cap stops it.
        var outcome = await Runner(o => o with { MaxOutputBytes = 256 * 1024 }).RunAsync("yes", ["footy"]);
        var tooLarge = Assert.IsType<ToolFailure.OutputTooLarge>(outcome.Failure);
        Assert.Equal("stdout", tooLarge.Stream);
        Assert.Equal(256 * 1024, tooLarge.LimitBytes);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stderr_over_the_cap_is_OutputTooLarge()
    {
        var outcome = await Runner(o => o with { MaxErrorBytes = 64 * 1024 }).RunAsync("sh", ["-c", "yes footy >&2"]);
        var tooLarge = Assert.IsType<ToolFailure.OutputTooLarge>(outcome.Failure);
        Assert.Equal("stderr", tooLarge.Stream);
    }

    [Fact]
    public async Task Streaming_consumer_gets_stdout_and_stderr_lines_arrive_separately()
    {
        var lines = new List<string>();
        long total = 0;
        var outcome = await Runner().RunAsync("sh", ["-c", "head -c 300000 /dev/zero; printf 'a\\rb\\nc' >&2"],
            async (stream, ct) =>
            {
                var buffer = new byte[4096];
                int n;
                while ((n = await stream.ReadAsync(buffer, ct)) > 0) total += n;
            },
            line => { lock (lines) lines.Add(line); });
        Assert.True(outcome.Succeeded, outcome.Failure?.Describe());
        Assert.Equal(300000, total);
        Assert.Empty(outcome.Run!.Stdout);
        Assert.Equal(["a", "b", "c"], lines);
    }

    [Fact]
    public async Task A_consumer_that_stops_early_does_not_hang_the_process()
    {
        var outcome = await Runner().RunAsync("sh", ["-c", "head -c 2000000 /dev/zero"],
            async (stream, ct) => { var b = new byte[10]; _ = await stream.ReadAtLeastAsync(b, 1, throwOnEndOfStream: false, ct); }, null);
        Assert.True(outcome.Succeeded, outcome.Failure?.Describe());
    }

    [Fact]
    public async Task Exceptions_from_the_consumer_propagate_and_the_process_is_killed()
    {
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<FormatException>(() => Runner().RunAsync("yes", ["x"],
            (_, _) => throw new FormatException("bad frame"), null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    internal static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try
            {
                var text = await File.ReadAllTextAsync(stat);
                var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (state is "Z" or "X") return true; // dead, waiting to be reaped by init
            }
            catch (IOException) { return true; }
            await Task.Delay(100);
        }
        return false;
    }
}
