using System.Net.Sockets;
using System.Text;

namespace Footy.Web.Tests.Support;

/// <summary>A request sent exactly as written (HttpClient would resolve <c>..</c> segments before sending them).</summary>
public static class RawHttp
{
    public static async Task<int> StatusOfAsync(Uri site, string pathAndQuery)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(site.Host, site.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {pathAndQuery} HTTP/1.1\r\nHost: {site.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? throw new IOException("no answer");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
