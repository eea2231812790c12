using System.Net;
using System.Net.Sockets;

namespace Footy.Daemon.Replay;

/// <summary>
/// Loopback ports for node processes that this process starts, and may start again on the same address, for as long as the
/// reservation lives. A node killed and restarted leaves its ports unbound meanwhile, so they are taken below the kernel's
/// ephemeral range (where no outgoing connection and no "any free port" bind of another process lands) and each is held by
/// a lock file, so two replays on one machine never share one. The kernel drops the locks when their holder dies.
/// </summary>
public sealed class PortReservation : IDisposable
{
    private const int Lowest = 10_000;
    private const int Highest = 65_535;
    private const int MinimumCandidates = 1_000;
    private const int TriesPerPort = 500;
    /// <summary>
    /// The lock files, one empty file per port ever reserved (at most one per candidate). Per user: another user's lock
    /// files could not be opened, so users do not see each other's reservations (their ports still stay out of the
    /// ephemeral range and are checked free).
    /// </summary>
    public static string LockDirectory { get; } = Path.Combine(Path.GetTempPath(), $"footy-ports-{Environment.UserName}");

    private readonly List<FileStream> _locks;

    private PortReservation(List<int> ports, List<FileStream> locks)
    {
        Ports = ports;
        _locks = locks;
    }

    public IReadOnlyList<int> Ports { get; }

    /// <summary>Reserves <paramref name="count"/> distinct ports, each free on the loopback address when taken.</summary>
    public static PortReservation Take(int count)
    {
        Directory.CreateDirectory(LockDirectory);
        var candidates = Candidates(EphemeralRange());
        var ports = new List<int>(count);
        var locks = new List<FileStream>(count);
        try
        {
            while (ports.Count < count)
            {
                var (port, held) = TakeOne(candidates, ports);
                ports.Add(port);
                locks.Add(held);
            }
            return new PortReservation(ports, locks);
        }
        catch
        {
            foreach (var held in locks) held.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var held in _locks) held.Dispose();
    }

    private static (int Port, FileStream Lock) TakeOne(IReadOnlyList<int> candidates, IReadOnlyCollection<int> taken)
    {
        for (var attempt = 0; attempt < TriesPerPort; attempt++)
        {
            var port = candidates[Random.Shared.Next(candidates.Count)];
            if (taken.Contains(port)) continue;
            var held = TryLock(port);
            if (held is null) continue;
            if (IsFree(port)) return (port, held);
            held.Dispose();
        }
        throw new InvalidOperationException(
            $"no free loopback port found in {TriesPerPort} tries among {candidates.Count} candidates from {candidates[0]} (locks in {LockDirectory})");
    }

    private static FileStream? TryLock(int port)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix: another process opening the file is refused.
            return new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>The ports outside the ephemeral range, or every port from <see cref="Lowest"/> when that leaves too few.</summary>
    private static IReadOnlyList<int> Candidates((int Low, int High) ephemeral)
    {
        var outside = Enumerable.Range(Lowest, Highest - Lowest + 1).Where(p => p < ephemeral.Low || p > ephemeral.High).ToList();
        return outside.Count >= MinimumCandidates ? outside : Enumerable.Range(Lowest, Highest - Lowest + 1).ToList();
    }

    /// <summary>Linux's <c>ip_local_port_range</c>; elsewhere the IANA dynamic range.</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high) && low <= high) return (low, high);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return (49_152, 65_535);
    }
}
