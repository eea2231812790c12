using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Footy.Daemon.Replay;

namespace Footy.Cluster.Tests;

/// <summary>
/// A replay's nodes keep their ports across restarts: the ports are reserved outside the kernel's ephemeral range (where
/// outgoing connections and "any free port" binds land) and locked against every other reservation on the machine.
/// </summary>
public sealed class PortReservationTests
{
    [Fact]
    public void Reserved_ports_are_distinct_free_on_loopback_and_outside_the_ephemeral_range()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

        using var reservation = PortReservation.Take(64);

        Assert.Equal(64, reservation.Ports.Distinct().Count());
        Assert.All(reservation.Ports, port =>
        {
            Assert.True(port < range[0] || port > range[1], $"{port} is inside the ephemeral range {range[0]}-{range[1]}");
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        });
    }

    [Fact]
    public void Two_reservations_held_at_once_never_share_a_port()
    {
        // 500 ports twice among the 27,000 or so outside the range: without the locks about nine would be drawn by both.
        using var first = PortReservation.Take(500);
        using var second = PortReservation.Take(500);

        Assert.Empty(first.Ports.Intersect(second.Ports));
    }

    [Fact]
    public async Task Another_process_cannot_take_a_reserved_port_until_the_reservation_is_disposed()
    {
        var reservation = PortReservation.Take(3);
        var files = reservation.Ports.Select(p => Path.Combine(PortReservation.LockDirectory, $"{p}.lock")).ToList();

        foreach (var file in files) Assert.Equal(1, await FlockAsync(file));
        reservation.Dispose();
        foreach (var file in files) Assert.Equal(0, await FlockAsync(file));
    }

    /// <summary>util-linux's <c>flock -n</c>, which takes the same lock as the reservation: 1 when another holder has it.</summary>
    private static async Task<int> FlockAsync(string file)
    {
        var start = new ProcessStartInfo("flock") { ArgumentList = { "-n", "-E", "1", file, "true" }, UseShellExecute = false };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
