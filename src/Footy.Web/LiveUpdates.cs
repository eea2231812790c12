using System.Globalization;
using Footy.ReadModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Footy.Web;

/// <summary>
/// Keeps open pages up to date: one loop watches the read model's position and every page's Server-Sent Events stream
/// (<c>/events</c>) gets a <c>refresh</c> hint carrying the new position, on which the page fetches its data again.
/// At most <c>Web:MaxLivePages</c> streams at once; a heartbeat comment every 15 s keeps proxies from closing an idle
/// stream; every stream ends when the endpoint stops.
/// </summary>
internal sealed class LiveUpdates(IReadModelQueries readModel, int maxPages, CancellationToken endpointStopping, ILogger<LiveUpdates> logger)
{
    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(endpointStopping);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;
    private int _pages;
    private bool _failing;
    private Task _watching = Task.CompletedTask;

    public async Task StartAsync(CancellationToken ct)
    {
        await ReadPositionAsync(ct);
        _watching = WatchAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _watching;
    }

    public async Task StreamAsync(HttpContext http)
    {
        if (Interlocked.Increment(ref _pages) > maxPages)
        {
            Interlocked.Decrement(ref _pages);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "30";
            await http.Response.WriteAsJsonAsync(new WebViews.ErrorView("too many live pages open; this page will retry"), WebViews.Json);
            return;
        }
        try
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stop.Token);
            var ct = stopping.Token;
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await WriteAsync(http, "retry: 5000\n\n", ct);
            var sent = -1L;
            while (!ct.IsCancellationRequested)
            {
                // The task before the position: a change between the two reads still wakes this stream.
                var changed = Volatile.Read(ref _changed).Task;
                var position = Interlocked.Read(ref _position);
                if (position != sent)
                {
                    await WriteAsync(http, $"event: refresh\ndata: {position.ToString(CultureInfo.InvariantCulture)}\n\n", ct);
                    sent = position;
                }
                if (await Task.WhenAny(changed, Task.Delay(HeartbeatEvery, ct)) != changed && !ct.IsCancellationRequested)
                    await WriteAsync(http, ": heartbeat\n\n", ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the endpoint is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _pages);
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(WatchEvery, ct);
                await ReadPositionAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ReadPositionAsync(CancellationToken ct)
    {
        long position;
        try
        {
            position = await readModel.PositionAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!_failing) logger.LogWarning("The goals page cannot read the read model's position: {Error}", e.Message);
            _failing = true;
            return;
        }
        if (_failing) logger.LogInformation("The goals page reads the read model's position again");
        _failing = false;
        if (Interlocked.Exchange(ref _position, position) == position) return;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
