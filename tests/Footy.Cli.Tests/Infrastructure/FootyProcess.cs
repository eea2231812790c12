using System.Diagnostics;
using System.Text;

namespace Footy.Cli.Tests.Infrastructure;

/// <summary>The footy executable as operators run it: a command to completion, or a daemon left running.</summary>
public sealed class FootyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private FootyProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts footy in <paramref name="workingDirectory"/> (default: the temporary folder), where it looks for config/footy.json.</summary>
    public static FootyProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null) =>
        new(Process.Start(StartInfo(arguments, environment, workingDirectory ?? Path.GetTempPath()))!);

    public static async Task<Outcome> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        await using var process = Start(arguments, environment, workingDirectory);
        await process.WaitForExitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return new Outcome(process.ExitCode, process.Stdout, process.Stderr);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
    }

    /// <summary>Ctrl-C, as an operator stops the daemon.</summary>
    public void Interrupt() => Signal("INT");

    /// <summary>SIGTERM, as systemd or docker stop the daemon; unlike SIGINT it is never ignored by inheritance (nohup).</summary>
    public void Terminate() => Signal("TERM");

    private void Signal(string name)
    {
        if (!_process.HasExited) Process.Start("kill", ["-" + name, _process.Id.ToString()])!.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "footy.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return start;
    }
}
