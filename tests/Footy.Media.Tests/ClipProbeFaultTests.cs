namespace Footy.Media.Tests;

/// <summary>
/// ffprobe misbehaving, simulated by small executable scripts put where <see cref="MediaToolsOptions.FfprobePath"/>
/// points: every fault ends as a typed probe failure with its reason, within the time limit, with no process left.
/// </summary>
public sealed class ClipProbeFaultTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "footy-probe-faults-" + Guid.NewGuid().ToString("N")[..8]);

    public ClipProbeFaultTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Clip()
    {
        var path = Path.Combine(_dir, "clip.mp4");
        File.WriteAllBytes(path, [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[1000]]);
        return path;
    }

    private ClipProber Prober(string script, TimeSpan? timeout = null, long maxOutput = 32L * 1024 * 1024)
    {
        var path = Path.Combine(_dir, "ffprobe");
        File.WriteAllText(path, "#!/bin/sh\n" + script.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ClipProber(new MediaToolsOptions
        {
            FfprobePath = path,
            ProcessTimeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxOutputBytes = maxOutput,
        });
    }

    [Fact]
    public async Task A_hanging_ffprobe_is_killed_with_its_children_at_the_time_limit()
    {
        var pidFile = Path.Combine(_dir, "child.pid");
        var prober = Prober($"sleep 30 &\necho $! > '{pidFile}'\nwait", TimeSpan.FromSeconds(1));

        var outcome = await prober.ProbeAsync(Clip());

        Assert.Equal(ProbeFailureKind.ToolFailure, outcome.FailureKind);
        Assert.Equal("ffprobe timed out after 1 s and was killed", outcome.Reason);
        Assert.IsType<ToolFailure.TimedOut>(outcome.ToolFailure);
        Assert.True(await ToolRunnerTests.IsGoneAsync(int.Parse((await File.ReadAllTextAsync(pidFile)).Trim())), "ffprobe's child survived the kill");
    }

    [Fact]
    public async Task An_ffprobe_killed_by_a_signal_is_a_tool_failure_not_a_verdict_on_the_file()
    {
        var outcome = await Prober("echo 'probing...' >&2\nkill -SEGV $$").ProbeAsync(Clip());

        Assert.Equal(ProbeFailureKind.ToolFailure, outcome.FailureKind);
        Assert.Equal("ffprobe crashed (ffprobe exited with code 139: probing...)", outcome.Reason);
        Assert.Equal(139, Assert.IsType<ToolFailure.Crashed>(outcome.ToolFailure).ExitCode);
    }

    [Fact]
    public async Task A_silent_non_zero_exit_still_gives_a_reason()
    {
        var outcome = await Prober("exit 1").ProbeAsync(Clip());

        Assert.Equal(ProbeFailureKind.Corrupt, outcome.FailureKind);
        Assert.Equal("ffprobe rejected the file without a message (exit code 1)", outcome.Reason);
    }

    [Fact]
    public async Task An_ffprobe_spewing_output_is_stopped_at_the_cap()
    {
        var outcome = await Prober("yes '{\"streams\":[' ", maxOutput: 64 * 1024).ProbeAsync(Clip());

        Assert.Equal(ProbeFailureKind.ToolFailure, outcome.FailureKind);
        Assert.Equal("ffprobe wrote more than 65536 bytes to stdout and was killed", outcome.Reason);
    }

    [Theory]
    [InlineData("echo '{\"streams\":[{\"codec_type\":\"video\"'", "unparseable ffprobe output: ")]
    [InlineData("echo 'Segmentation fault'", "unparseable ffprobe output: ")]
    public async Task Garbage_instead_of_json_is_a_tool_failure(string script, string reason)
    {
        var outcome = await Prober(script).ProbeAsync(Clip());

        Assert.Equal(ProbeFailureKind.ToolFailure, outcome.FailureKind);
        Assert.StartsWith(reason, outcome.Reason);
    }

    [Fact]
    public async Task File_names_with_shell_metacharacters_reach_ffprobe_as_one_literal_argument()
    {
        var argsFile = Path.Combine(_dir, "args.txt");
        var marker = "pwned-" + Guid.NewGuid().ToString("N")[..8];
        var evil = Path.Combine(_dir, $"goal $(touch {marker}); `touch {marker}` | & > x 'q' \"d\" *.mp4");
        File.Copy(Clip(), evil);
        var prober = Prober($"printf '%s\\n' \"$@\" > '{argsFile}'\necho '{{\"streams\":[],\"format\":{{}}}}'");

        var outcome = await prober.ProbeAsync(evil);

        Assert.Equal(ProbeFailureKind.NotAVideo, outcome.FailureKind); // the fake answered "no streams"
        Assert.False(File.Exists(marker) || File.Exists(Path.Combine(_dir, marker)), "a shell interpreted the file name");
        var args = await File.ReadAllLinesAsync(argsFile);
        Assert.Equal("file:" + evil, args[^1]);
        Assert.Equal("-i", args[^2]);
        Assert.Equal(["-protocol_whitelist", "file"], args.SkipWhile(a => a != "-protocol_whitelist").Take(2));
    }
}
