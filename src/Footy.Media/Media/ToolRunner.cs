using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Media;

/// <summary>
/// Runs an external tool safely: arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (never a shell, so
/// file names are never interpreted), stdin is closed, stdout and stderr are capped, the run has a wall-clock limit and
/// on timeout, cancellation or overflow the whole process tree is killed. Failures come back typed
/// (<see cref="ToolFailure"/>); only caller cancellation and exceptions thrown by the caller's own consumer propagate.
/// Thread-safe; one instance can serve any number of concurrent runs.
/// </summary>
public sealed class ToolRunner
{
    private readonly MediaToolsOptions _options;
    private readonly ILogger _logger;

    public ToolRunner(MediaToolsOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? MediaToolsOptions.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    public MediaToolsOptions Options => _options;

    /// <summary>Runs the tool and buffers its stdout (up to <see cref="MediaToolsOptions.MaxOutputBytes"/>).</summary>
    public Task<ToolOutcome> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
        => RunAsync(executable, arguments, stdout: null, stderrLine: null, cancellationToken);

    /// <summary>
    /// Runs the tool. When <paramref name="stdout"/> is given it receives stdout as a stream (reads beyond the cap throw
    /// inside it and end the run as <see cref="ToolFailure.OutputTooLarge"/>); whatever it leaves unread is drained.
    /// <paramref name="stderrLine"/> is called for every stderr line (split on \n or \r, lines longer than 8 KiB cut).
    /// </summary>
    public async Task<ToolOutcome> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task>? stdout,
        Action<string>? stderrLine,
        CancellationToken cancellationToken = default)
    {
        var tool = Path.GetFileName(executable);
        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        psi.Environment["AV_LOG_FORCE_NOCOLOR"] = "1";

        using var process = new Process { StartInfo = psi };
        var clock = Stopwatch.StartNew();
        try
        {
            if (!process.Start())
                return ToolOutcome.Failed(new ToolFailure.ToolMissing(tool, "process did not start"));
        }
        catch (Win32Exception ex)
        {
            _logger.LogWarning("{Tool} could not be started from {Path}: {Message}", tool, executable, ex.Message);
            return ToolOutcome.Failed(new ToolFailure.ToolMissing(tool, $"{ex.Message} (path '{executable}')"));
        }

        try { process.StandardInput.Close(); } catch (IOException) { /* already gone */ }

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abort.CancelAfter(_options.ProcessTimeout);
        var state = new RunState();

        var stdoutTask = PumpStdoutAsync(process.StandardOutput.BaseStream, stdout, state, abort, abort.Token);
        var stderrTask = PumpStderrAsync(process.StandardError.BaseStream, stderrLine, state, abort);

        var killed = false;
        try
        {
            await process.WaitForExitAsync(abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = Kill(process, tool);
        }

        // After exit (or kill) both pipes reach EOF, so the pumps finish. If a pump aborted the run after the process
        // had already exited (a consumer throwing on the last bytes), nothing is left to kill.
        try { await Task.WhenAll(stdoutTask, stderrTask).ConfigureAwait(false); }
        catch { /* pumps record their own failures in state */ }
        if (!killed && !process.HasExited) killed = Kill(process, tool);
        if (killed) await WaitForExitQuietly(process).ConfigureAwait(false);
        clock.Stop();

        if (state.ConsumerError is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(state.ConsumerError).Throw();
        if (state.Overflow is { } overflow)
        {
            _logger.LogWarning("{Tool} exceeded its {Stream} cap", tool, overflow.Stream);
            return ToolOutcome.Failed(new ToolFailure.OutputTooLarge(tool, overflow.Stream, overflow.Limit));
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (killed)
        {
            _logger.LogWarning("{Tool} timed out after {Elapsed} and was killed", tool, clock.Elapsed);
            return ToolOutcome.Failed(new ToolFailure.TimedOut(tool, _options.ProcessTimeout));
        }

        var tail = state.Tail();
        var exitCode = process.ExitCode;
        if (exitCode != 0)
        {
            _logger.LogDebug("{Tool} exited with {ExitCode}: {Tail}", tool, exitCode, ToolFailure.LastLine(tail));
            return ToolOutcome.Failed(new ToolFailure.Crashed(tool, exitCode, tail));
        }
        return ToolOutcome.Ok(new ToolRun(0, state.Buffered ?? [], tail, clock.Elapsed));
    }

    private async Task PumpStdoutAsync(Stream pipe, Func<Stream, CancellationToken, Task>? consumer, RunState state,
        CancellationTokenSource abort, CancellationToken token)
    {
        var limited = new CappedReadStream(pipe, _options.MaxOutputBytes);
        try
        {
            if (consumer is null)
            {
                using var buffer = new MemoryStream();
                await limited.CopyToAsync(buffer, 81920, CancellationToken.None).ConfigureAwait(false);
                state.Buffered = buffer.ToArray();
            }
            else
            {
                await consumer(limited, token).ConfigureAwait(false);
                // Drain what the consumer left so the process never blocks on a full pipe.
                await limited.CopyToAsync(Stream.Null, 81920, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OutputCapExceededException)
        {
            state.Overflow = ("stdout", _options.MaxOutputBytes);
            abort.Cancel();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // timeout or caller cancellation; reported by the caller of the pumps
        }
        catch (IOException) when (abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            state.ConsumerError = ex;
            abort.Cancel();
        }
    }

    private async Task PumpStderrAsync(Stream pipe, Action<string>? onLine, RunState state, CancellationTokenSource abort)
    {
        var buffer = new byte[4096];
        var line = new MemoryStream();
        const int maxLine = 8192;
        long total = 0;
        try
        {
            while (true)
            {
                var read = await pipe.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
                if (total > _options.MaxErrorBytes)
                {
                    state.Overflow ??= ("stderr", _options.MaxErrorBytes);
                    abort.Cancel();
                    return;
                }
                state.AppendTail(buffer.AsSpan(0, read), _options.StderrTailBytes);
                if (onLine is null) continue;
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b == (byte)'\n' || b == (byte)'\r')
                    {
                        if (line.Length > 0) onLine(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
                        line.SetLength(0);
                    }
                    else if (line.Length < maxLine)
                    {
                        line.WriteByte(b);
                    }
                }
            }
            if (onLine is not null && line.Length > 0) onLine(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
        }
        catch (IOException) when (abort.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            state.ConsumerError ??= ex;
            abort.Cancel();
        }
    }

    private bool Kill(Process process, string tool)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return true; // exited in between
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not kill {Tool} (pid {Pid})", tool, SafePid(process));
            return true;
        }
    }

    private static int SafePid(Process p)
    {
        try { return p.Id; } catch { return -1; }
    }

    private static async Task WaitForExitQuietly(Process process)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    private sealed class RunState
    {
        private readonly object _gate = new();
        private byte[] _tail = [];
        public byte[]? Buffered { get; set; }
        public (string Stream, long Limit)? Overflow { get; set; }
        public Exception? ConsumerError { get; set; }

        public void AppendTail(ReadOnlySpan<byte> bytes, int keep)
        {
            lock (_gate)
            {
                if (keep <= 0) return;
                var combined = new byte[Math.Min(keep, _tail.Length + bytes.Length)];
                var fromNew = Math.Min(bytes.Length, combined.Length);
                var fromOld = combined.Length - fromNew;
                _tail.AsSpan(_tail.Length - fromOld, fromOld).CopyTo(combined);
                bytes[^fromNew..].CopyTo(combined.AsSpan(fromOld));
                _tail = combined;
            }
        }

        public string Tail()
        {
            lock (_gate) return Encoding.UTF8.GetString(_tail).Trim();
        }
    }
}

/// <summary>Thrown inside a stdout consumer when the process wrote more than the cap.</summary>
public sealed class OutputCapExceededException(long limit) : IOException($"output exceeded {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>Read-only stream wrapper that throws <see cref="OutputCapExceededException"/> past a byte budget.</summary>
internal sealed class CappedReadStream(Stream inner, long cap) : Stream
{
    private long _read;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        _read += n;
        if (_read > cap) throw new OutputCapExceededException(cap);
        return n;
    }
}
