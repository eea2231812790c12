using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Footy.Admin;
using Footy.Daemon.Replay;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>A webhook on a reserved loopback port that keeps every alert it receives.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Alert> _alerts = new();
    private readonly PortReservation _port = PortReservation.Take(1);

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{_port.Ports[0]}/alerts/";
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

    public void Dispose()
    {
        _listener.Close();
        _port.Dispose();
    }

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
