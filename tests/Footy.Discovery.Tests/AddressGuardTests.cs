using System.Net;

namespace Footy.Discovery.Tests;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.170.2")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("168.63.129.16")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:0a00:0001::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    public void Refuses_non_public_addresses(string ip) => Assert.NotNull(AddressGuard.Create(null).Refusal(IPAddress.Parse(ip)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("151.101.1.140")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:0808:0808::1")]
    public void Allows_public_addresses(string ip) => Assert.Null(AddressGuard.Create(null).Refusal(IPAddress.Parse(ip)));

    [Fact]
    public void Allow_list_takes_ips_cidrs_and_host_names()
    {
        var g = AddressGuard.Create(["127.0.0.1", "10.1.0.0/16", "media.local", "fd00::/8", " "]);
        Assert.Null(g.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(g.Refusal(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(g.Refusal(IPAddress.Parse("127.0.0.2")));
        Assert.Null(g.Refusal(IPAddress.Parse("10.1.200.3")));
        Assert.NotNull(g.Refusal(IPAddress.Parse("10.2.0.1")));
        Assert.Null(g.Refusal(IPAddress.Parse("fd00:ec2::254")));
        Assert.True(g.IsHostAllowListed("MEDIA.local"));
        Assert.False(g.IsHostAllowListed("evil.media.local"));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("banana/8")]
    [InlineData("http://x")]
    [InlineData("a b")]
    public void Bad_allow_list_entries_are_refused(string entry) =>
        Assert.Throws<ArgumentException>(() => AddressGuard.Create([entry]));
}
