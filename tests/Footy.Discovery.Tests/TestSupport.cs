using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Footy.Discovery.Tests;

/// <summary>A request the fake upstream received.</summary>
public sealed record SeenRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers);

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

/// <summary>Captures log entries for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public string All => string.Join("\n", Entries.Select(e => e.Message));
}

public sealed class TempDir : IDisposable
{
    public TempDir() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "footy-discovery-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string relative, string content) => File(relative, Encoding.UTF8.GetBytes(content));

    public string File(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class Samples
{
    public static readonly DateTimeOffset Kickoff = new(2024, 5, 19, 14, 0, 0, TimeSpan.Zero);

    public static GoalSearchRequest Saka(DateTimeOffset? since = null) => new(
        "1035000-1", 1035000, "Arsenal", "Chelsea", "Arsenal", "B. Saka", 67, null, 2, 1, since ?? Kickoff.AddMinutes(70));

    public static GoalSearchRequest Messi(DateTimeOffset? since = null) => new(
        "979139-1", 979139, "Argentina", "France", "Argentina", "L. Messi", 23, null, 1, 0, since ?? new DateTimeOffset(2022, 12, 18, 15, 20, 0, TimeSpan.Zero));

    /// <summary>Bytes that start like an MP4 file (ftyp box) followed by filler.</summary>
    public static byte[] Mp4(int length = 4096, byte fill = 0x42)
    {
        var b = new byte[Math.Max(length, 32)];
        Array.Fill(b, fill);
        byte[] head = [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0];
        head.CopyTo(b, 0);
        return b[..length];
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes));

    public static readonly IReadOnlySet<string> NoneSeen = new HashSet<string>();
}

/// <summary>A clock that moves only when told (timers still run on real time).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
