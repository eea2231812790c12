using System.Net;
using System.Net.Sockets;

namespace Footy.Discovery;

/// <summary>
/// SSRF guard: decides whether an address may be connected to. Refused unless allow-listed: IPv4 0/8, 10/8,
/// 100.64/10 (CGNAT, incl. 100.100.100.200 metadata), 127/8, 169.254/16 (link-local, incl. 169.254.169.254 metadata),
/// 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4
/// (multicast), 240/4 and broadcast, plus 168.63.129.16 (Azure host endpoint); IPv6 ::, ::1, IPv4-compatible and
/// IPv4-mapped (checked as IPv4), 64:ff9b::/96 and 2002::/16 (embedded IPv4 checked), 64:ff9b:1::/48, 100::/64,
/// 2001::/32 (Teredo), 2001:db8::/32, fc00::/7 (incl. fd00:ec2::254 metadata), fe80::/10, fec0::/10, ff00::/8.
/// </summary>
public sealed class AddressGuard
{
    private static readonly (IPAddress Net, int Prefix, string Why)[] BlockedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "'this network'"),
        (IPAddress.Parse("10.0.0.0"), 8, "private"),
        (IPAddress.Parse("100.64.0.0"), 10, "CGNAT/shared"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local/cloud metadata"),
        (IPAddress.Parse("172.16.0.0"), 12, "private"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments"),
        (IPAddress.Parse("192.0.2.0"), 24, "documentation"),
        (IPAddress.Parse("192.88.99.0"), 24, "6to4 relay"),
        (IPAddress.Parse("192.168.0.0"), 16, "private"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking"),
        (IPAddress.Parse("198.51.100.0"), 24, "documentation"),
        (IPAddress.Parse("203.0.113.0"), 24, "documentation"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved/broadcast"),
        (IPAddress.Parse("168.63.129.16"), 32, "cloud metadata (Azure)"),
    ];

    private static readonly (IPAddress Net, int Prefix, string Why)[] BlockedV6 =
    [
        (IPAddress.Parse("64:ff9b:1::"), 48, "local-use NAT64"),
        (IPAddress.Parse("100::"), 64, "discard"),
        (IPAddress.Parse("2001::"), 32, "Teredo"),
        (IPAddress.Parse("2001:db8::"), 32, "documentation"),
        (IPAddress.Parse("fc00::"), 7, "unique local/cloud metadata"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("fec0::"), 10, "site-local"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
    ];

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(IPAddress Net, int Prefix)> _networks = [];

    private AddressGuard()
    {
    }

    /// <summary>Builds a guard from <see cref="DownloadOptions.AllowedHosts"/>; throws <see cref="ArgumentException"/> on an unreadable entry.</summary>
    public static AddressGuard Create(IEnumerable<string>? allowed)
    {
        var g = new AddressGuard();
        foreach (var raw in allowed ?? [])
        {
            var entry = raw?.Trim() ?? "";
            if (entry.Length == 0) continue;
            var slash = entry.IndexOf('/');
            if (slash >= 0)
            {
                if (!IPAddress.TryParse(entry[..slash], out var net) || !int.TryParse(entry[(slash + 1)..], out var prefix)
                    || prefix < 0 || prefix > (net.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
                    throw new ArgumentException($"AllowedHosts entry '{entry}' is not a valid CIDR block");
                g._networks.Add((Canonical(net), prefix));
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var ip))
            {
                ip = Canonical(ip);
                g._networks.Add((ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                g._hosts.Add(entry.TrimEnd('.'));
            }
            else
            {
                throw new ArgumentException($"AllowedHosts entry '{entry}' is not a host name, IP address or CIDR block");
            }
        }
        return g;
    }

    /// <summary>True when <paramref name="host"/> (a URL host name) is allow-listed by name: its addresses are not checked.</summary>
    public bool IsHostAllowListed(string host) => _hosts.Contains(host.Trim('[', ']').TrimEnd('.'));

    /// <summary>Null when <paramref name="address"/> may be connected to; otherwise why not.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = Canonical(address);
        foreach (var (net, prefix) in _networks)
            if (net.AddressFamily == ip.AddressFamily && InNetwork(ip, net, prefix)) return null;
        var why = BlockReason(ip);
        return why is null ? null : $"{ip} is {why}";
    }

    /// <summary>Why <paramref name="address"/> is not a public unicast address, or null when it is.</summary>
    public static string? BlockReason(IPAddress address)
    {
        var ip = Canonical(address);
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            foreach (var (net, prefix, why) in BlockedV4)
                if (InNetwork(ip, net, prefix)) return why;
            return null;
        }
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return "not an IP address";
        if (ip.Equals(IPAddress.IPv6None)) return "unspecified";
        if (ip.Equals(IPAddress.IPv6Loopback)) return "loopback";
        var b = ip.GetAddressBytes();
        // ::/96 (IPv4-compatible, deprecated)
        if (b.Take(12).All(x => x == 0)) return "IPv4-compatible (deprecated)";
        // 64:ff9b::/96 NAT64: check the embedded IPv4
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
            return BlockReason(new IPAddress(b[12..16])) is { } w4 ? "NAT64 of " + w4 : null;
        // 2002::/16 6to4: embedded IPv4 in bytes 2..5
        if (b[0] == 0x20 && b[1] == 0x02)
            return BlockReason(new IPAddress(b[2..6])) is { } w6 ? "6to4 of " + w6 : null;
        foreach (var (net, prefix, why) in BlockedV6)
            if (InNetwork(ip, net, prefix)) return why;
        return null;
    }

    /// <summary>IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>) as IPv4; scope ids dropped.</summary>
    public static IPAddress Canonical(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) return ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId != 0) return new IPAddress(ip.GetAddressBytes());
        return ip;
    }

    private static bool InNetwork(IPAddress ip, IPAddress net, int prefix)
    {
        var a = ip.GetAddressBytes();
        var n = net.GetAddressBytes();
        if (a.Length != n.Length) return false;
        var full = prefix / 8;
        for (var i = 0; i < full; i++)
            if (a[i] != n[i]) return false;
        var rest = prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}

/// <summary>Thrown from the connect callback when the guard refuses an address (surfaces as the inner exception of an <see cref="HttpRequestException"/>).</summary>
public sealed class AddressRefusedException(string message) : Exception(message);
