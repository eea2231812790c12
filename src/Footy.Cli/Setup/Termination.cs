using System.Runtime.InteropServices;

namespace Footy.Cli.Setup;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (systemd, docker, kill) both ask the running command to stop: its cancellation token is
/// cancelled and it winds down in its own time (a daemon leaves the cluster and flushes its journal). Handled here rather
/// than left to the runtime's defaults so that a process that inherited SIGINT as ignored (nohup, a background job)
/// still stops cleanly on SIGTERM, and so that no timeout cuts a daemon's shutdown short. A second signal while
/// stopping ends the process at once.
/// </summary>
internal sealed class Termination : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly PosixSignalRegistration[] _registrations;
    private PosixSignal? _signal;

    public Termination()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];
    }

    public CancellationToken Token => _stopping.Token;

    /// <summary>The signal that stopped the command, if one did: "SIGINT" or "SIGTERM".</summary>
    public string? Signal => _signal?.ToString();

    private void Stop(PosixSignalContext context)
    {
        if (_stopping.IsCancellationRequested) return;
        context.Cancel = true;
        _signal = context.Signal;
        _stopping.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stopping.Dispose();
    }
}
