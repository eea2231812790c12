using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Footy.Admin;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>A webhook on a free loopback port that keeps every alert it receives.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Alert> _alerts = new();

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/alerts/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public async Task<IReadOnlyList<Alert>> WaitForAsync(Func<Alert, bool> wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_alerts.Any(wanted) && DateTime.UtcNow < deadline) await Task.Delay(100);
        return _alerts.ToList();
    }

    public void Dispose() => _listener.Close();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            if (await JsonSerializer.DeserializeAsync<Alert>(context.Request.InputStream, AdminEndpoint.Json) is { } alert) _alerts.Enqueue(alert);
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }
}
