using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Footy.ApiFootball;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Footy.ApiFootball.Tests;

/// <summary>A request the fake upstream received.</summary>
public sealed record SeenRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

/// <summary>A local Kestrel server on 127.0.0.1:0 playing API-Football; <see cref="Handler"/> answers request n (1-based).</summary>
public sealed class FakeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private FakeApi(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public int RequestCount => Volatile.Read(ref _count);
    public Func<HttpContext, int, Task> Handler { get; set; } = (ctx, _) => Json(ctx, Samples.Envelope("ids", "1", []));

    public static async Task<FakeApi> StartAsync(Func<HttpContext, int, Task>? handler = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeApi(app);
        if (handler is not null) api.Handler = handler;
        app.Run(async ctx =>
        {
            var n = Interlocked.Increment(ref api._count);
            api.Requests.Enqueue(new SeenRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString,
                ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            await api.Handler(ctx, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return api;
    }

    public static async Task Json(HttpContext ctx, string body, int status = 200, IDictionary<string, string>? headers = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        if (headers is not null)
            foreach (var (k, v) in headers) ctx.Response.Headers[k] = v;
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Captures every log entry, with its structured values, for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, string Everything)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        var all = new StringBuilder(message);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
            foreach (var kv in values) all.Append(' ').Append(kv.Key).Append('=').Append(kv.Value);
        if (exception is not null) all.Append(' ').Append(exception);
        Entries.Enqueue((logLevel, message, all.ToString()));
    }

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message);
}

/// <summary>Collects traffic seen by the client.</summary>
public sealed class TrafficLog : IApiTrafficObserver
{
    public ConcurrentQueue<ApiTraffic> Seen { get; } = new();

    public void OnResponse(ApiTraffic traffic) => Seen.Enqueue(traffic);
}

public sealed class TempDir : IDisposable
{
    public TempDir() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "footy-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public static class Clients
{
    public const string Key = "test-key-5f1c0ffee";

    /// <summary>Options tuned for fast tests: tiny retry delays and a short timeout.</summary>
    public static ApiFootballOptions FastOptions(Uri baseUrl, Action<ApiFootballOptions>? tweak = null)
    {
        var o = new ApiFootballOptions
        {
            BaseUrl = baseUrl,
            ApiKey = Key,
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            CircuitMinimumThroughput = 100,
            CircuitBreakDuration = TimeSpan.FromMilliseconds(500),
            CircuitSamplingDuration = TimeSpan.FromSeconds(30),
        };
        tweak?.Invoke(o);
        return o;
    }

    public static ApiFootballClient Create(Uri baseUrl, Action<ApiFootballOptions>? tweak = null,
        ListLogger<ApiFootballClient>? logger = null, IApiTrafficObserver? observer = null) =>
        new(new HttpClient(), FastOptions(baseUrl, tweak), logger ?? new ListLogger<ApiFootballClient>(), TimeProvider.System, observer);
}
