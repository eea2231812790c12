using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Footy.Testing;

/// <summary>
/// A raw TCP server on 127.0.0.1 that answers every request with <c>head</c> (status line and headers, which promise
/// more body than is sent) and <c>body</c>, then closes the connection cleanly. Unlike aborting a Kestrel response,
/// the client always receives the headers and the partial body before the end: a body cut short, deterministically.
/// </summary>
public sealed class CutShortServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _count;

    private CutShortServer(string head, byte[] body)
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        var answer = Encoding.ASCII.GetBytes(head).Concat(body).ToArray();
        _serving = Task.Run(() => ServeAsync(answer));
    }

    public Uri BaseUrl { get; }

    public int RequestCount => Volatile.Read(ref _count);

    public static CutShortServer Start(string head, byte[] body) => new(head, body);

    private async Task ServeAsync(byte[] answer)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (n == 0) break;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                Interlocked.Increment(ref _count);
                await socket.SendAsync(answer, _stop.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        _listener.Stop();
        _stop.Dispose();
    }
}
