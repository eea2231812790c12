using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Testing;

/// <summary>A request the fake upstream received.</summary>
public sealed record SeenRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers)
{
    public string PathAndQuery => Path + Query;
}

/// <summary>A local Kestrel server on 127.0.0.1:0; <see cref="Handler"/> answers request n (1-based).</summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private FakeServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public int RequestCount => Volatile.Read(ref _count);
    public Func<HttpContext, int, Task> Handler { get; set; } = (ctx, _) => { ctx.Response.StatusCode = 404; return Task.CompletedTask; };

    public static async Task<FakeServer> StartAsync(Func<HttpContext, int, Task>? handler = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        var server = new FakeServer(app);
        if (handler is not null) server.Handler = handler;
        app.Run(async ctx =>
        {
            var n = Interlocked.Increment(ref server._count);
            server.Requests.Enqueue(new SeenRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "",
                ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            try
            {
                await server.Handler(ctx, n);
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public Uri Url(string relative) => new(BaseUrl, relative);

    public static async Task Send(HttpContext ctx, int status, string contentType, byte[] body, IDictionary<string, string>? headers = null)
    {
        ctx.Response.StatusCode = status;
        if (contentType.Length > 0) ctx.Response.ContentType = contentType;
        if (headers is not null)
            foreach (var (k, v) in headers) ctx.Response.Headers[k] = v;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    /// <summary>Answers a redirect (<paramref name="status"/> 301/302/303/307/308) to <paramref name="location"/>, taken as given.</summary>
    public static Task Redirect(HttpContext ctx, string location, int status = 302)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    public static Task Json(HttpContext ctx, string body, int status = 200, IDictionary<string, string>? headers = null) =>
        Send(ctx, status, "application/json", Encoding.UTF8.GetBytes(body), headers);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
