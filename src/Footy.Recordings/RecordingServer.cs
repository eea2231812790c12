using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Footy.Recordings;

/// <summary>
/// Serves a <see cref="Recording"/> as API-Football on 127.0.0.1 (free port): <c>GET /fixtures?date=D</c> from
/// <c>fixtures/D.json</c>, <c>GET /fixtures?ids=a-b-c</c> from the poll file in force at virtual time
/// <c>now()</c>, restricted to the ids asked. Poll files are parsed lazily and a few are cached.
/// It also plays the video search service (docs/search-service.md) over <c>clips/index.json</c>:
/// <c>GET /search?q=&amp;since=&amp;limit=</c> at virtual time <c>now()</c>, with each found clip's <c>video_url</c>
/// pointing to <c>GET /clips/&lt;file&gt;</c> on this server (only files named in the index are served; 404 when missing).
/// Use <see cref="SearchBaseUrl"/> as the search service base URL and allow-list 127.0.0.1 for downloads.
/// An <see cref="IServedFaults"/> can replace any of these answers with a fault (status storms, hangs, slow or cut
/// bodies, garbage, redirect loops, endless bodies).
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private const int CacheCapacity = 8;
    private const int MaxIdsPerCall = 20;

    private readonly Recording _recording;
    private readonly Func<DateTimeOffset> _now;
    private readonly ILogger _logger;
    private readonly object _cacheLock = new();
    private readonly LinkedList<(string Path, PollEntry Entry)> _cache = new();
    private readonly RecordedClipSearch _clipSearch;
    private readonly IServedFaults? _faults;
    private WebApplication? _app;
    private int _requests;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ServedRequest> _requestLog = new();
    private int _disposed;

    private RecordingServer(Recording recording, Func<DateTimeOffset> now, ILogger logger, IServedFaults? faults)
    {
        _recording = recording;
        _now = now;
        _logger = logger;
        _faults = faults;
        _clipSearch = new RecordedClipSearch(recording);
        BaseUrl = null!;
    }

    /// <summary>Root URL of the server, ending with '/': use it as <c>ApiFootballOptions.BaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; }

    /// <summary>Base URL of the search-service protocol (<c>search?q=...</c> resolves against it); the same as <see cref="BaseUrl"/>.</summary>
    public Uri SearchBaseUrl => BaseUrl;

    /// <summary>API-Football requests (<c>GET /fixtures</c>) received so far; clip searches and downloads are not counted.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Every API-Football request answered so far, in the order their answers ended.</summary>
    public IReadOnlyList<ServedRequest> RequestLog => _requestLog.ToArray();

    public Recording Recording => _recording;

    /// <param name="faults">Upstream faults to inject instead of recorded answers (tests); null serves the recording as it is.</param>
    public static async Task<RecordingServer> StartAsync(Recording recording, Func<DateTimeOffset> now, ILogger logger,
        IServedFaults? faults = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(logger);

        var server = new RecordingServer(recording, now, logger, faults);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        server._app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("Kestrel reported no listening address");
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        logger.LogInformation("Serving recording '{Name}' ({Polls} polls, {Dates} fixture dates) at {Url}",
            recording.Name, recording.PollCount, recording.FixtureDates.Count, server.BaseUrl);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _app is null) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        ServedEndpoint? endpoint =
            HttpMethods.IsGet(req.Method) && string.Equals(req.Path.Value, "/search", StringComparison.Ordinal) ? ServedEndpoint.Search
            : (HttpMethods.IsGet(req.Method) || HttpMethods.IsHead(req.Method)) && req.Path.Value is { } p && p.StartsWith("/clips/", StringComparison.Ordinal) ? ServedEndpoint.Clip
            : HttpMethods.IsGet(req.Method) && string.Equals(req.Path.Value, "/fixtures", StringComparison.Ordinal) ? ServedEndpoint.Fixtures
            : null;
        if (endpoint is not { } served)
        {
            await Write(ctx, 404, "application/json", Encoding.UTF8.GetBytes("{\"message\":\"Endpoint not found in this recording server\"}"));
            return;
        }
        if (served != ServedEndpoint.Fixtures)
        {
            await ServeAsync(ctx, served);
            return;
        }
        Interlocked.Increment(ref _requests);
        var received = DateTimeOffset.UtcNow;
        var virtualAt = _now();
        try
        {
            await ServeAsync(ctx, served);
        }
        finally
        {
            _requestLog.Enqueue(new ServedRequest(received, DateTimeOffset.UtcNow, virtualAt, req.Path.Value + req.QueryString.Value, req.Headers.UserAgent.ToString()));
        }
    }

    private async Task ServeAsync(HttpContext ctx, ServedEndpoint served)
    {
        var req = ctx.Request;
        var fault = _faults?.FaultFor(served, req.Path.Value + req.QueryString.Value, _now());
        if (fault is null)
        {
            await AnswerAsync(ctx, served);
            return;
        }
        _logger.LogDebug("Injecting {Fault} into {Path}{Query}", fault, req.Path.Value, req.QueryString.Value);
        try
        {
            await ServeFaultAsync(ctx, served, fault);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its time limit or size cap): exactly what the fault is for.
        }
    }

    private async Task ServeFaultAsync(HttpContext ctx, ServedEndpoint served, ServedFault fault)
    {
        var response = ctx.Response;
        switch (fault)
        {
            case ServedFault.Status s:
                if (s.RetryAfter is { } ra) response.Headers.RetryAfter = ((int)Math.Ceiling(ra.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Write(ctx, s.Code, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(s.Text));
                break;
            case ServedFault.Body b:
                await Write(ctx, 200, b.ContentType, b.Bytes);
                break;
            case ServedFault.Redirect r:
                response.StatusCode = 302;
                response.Headers.Location = r.Location;
                break;
            case ServedFault.Endless e:
                response.StatusCode = 200;
                response.ContentType = e.ContentType;
                await response.Body.WriteAsync(e.Head, ctx.RequestAborted);
                var zeros = new byte[64 * 1024];
                while (true) await response.Body.WriteAsync(zeros, ctx.RequestAborted);
            case ServedFault.Delay d:
                await Task.Delay(d.Wait, ctx.RequestAborted);
                await AnswerAsync(ctx, served);
                break;
            case ServedFault.SlowBody or ServedFault.CutShort:
                var body = await BufferedAnswerAsync(ctx, served);
                response.ContentLength = body.Length;
                if (fault is ServedFault.CutShort)
                {
                    await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ctx.RequestAborted);
                    await response.Body.FlushAsync(ctx.RequestAborted);
                    ctx.Abort();
                    break;
                }
                var piece = Math.Max(1, (body.Length + 9) / 10);
                var pause = ((ServedFault.SlowBody)fault).Duration / 10;
                for (var offset = 0; offset < body.Length; offset += piece)
                {
                    await response.Body.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)), ctx.RequestAborted);
                    await response.Body.FlushAsync(ctx.RequestAborted);
                    await Task.Delay(pause, ctx.RequestAborted);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown served fault");
        }
    }

    /// <summary>The recorded answer, produced into memory so a fault can send it slowly or cut it short.</summary>
    private async Task<byte[]> BufferedAnswerAsync(HttpContext ctx, ServedEndpoint served)
    {
        var real = ctx.Response.Body;
        using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            await AnswerAsync(ctx, served);
        }
        finally
        {
            ctx.Response.Body = real;
        }
        return buffer.ToArray();
    }

    private async Task AnswerAsync(HttpContext ctx, ServedEndpoint served)
    {
        var req = ctx.Request;
        if (served == ServedEndpoint.Search)
        {
            var (status, body) = _clipSearch.Search(Single(req.Query["q"]), Single(req.Query["since"]), Single(req.Query["limit"]), _now(), BaseUrl);
            await Write(ctx, status, "application/json", body);
            return;
        }
        if (served == ServedEndpoint.Clip)
        {
            await ServeClip(ctx, req.Path.Value!["/clips/".Length..]);
            return;
        }

        var date = req.Query["date"];
        var ids = req.Query["ids"];
        if (date.Count > 0 && ids.Count == 0)
        {
            await ServeDate(ctx, date.ToString());
            return;
        }
        if (ids.Count > 0 && date.Count == 0)
        {
            await ServeIds(ctx, ids.ToString());
            return;
        }
        await Write(ctx, 200, "application/json",
            Envelopes.ErrorEnvelope("date", date.ToString(), "required", "Exactly one of the parameters date or ids is supported by a recording"));
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[0];

    private async Task ServeClip(HttpContext ctx, string relative)
    {
        var clip = relative.Length == 0 ? null : _clipSearch.ClipForFile(relative);
        FileStream? stream = null;
        try
        {
            if (clip is not null) stream = new FileStream(clip.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Recorded clip {File} is in clips/index.json but cannot be opened: {Error}", clip!.File, e.Message);
        }
        if (stream is null)
        {
            await Write(ctx, 404, "application/json", Encoding.UTF8.GetBytes("{\"error\":\"no such clip in this recording\"}"));
            return;
        }
        await using (stream)
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = RecordedClipSearch.ContentTypeOf(clip!.File);
            ctx.Response.ContentLength = stream.Length;
            if (HttpMethods.IsHead(ctx.Request.Method)) return;
            await stream.CopyToAsync(ctx.Response.Body, 81920, ctx.RequestAborted);
        }
    }

    private async Task ServeDate(HttpContext ctx, string text)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await Write(ctx, 200, "application/json",
                Envelopes.ErrorEnvelope("date", text, "date", "The Date field must contain a valid date (YYYY-MM-DD)."));
            return;
        }
        var file = _recording.FixturesFile(date);
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(file, ctx.RequestAborted);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            body = Envelopes.Empty("date", text);
        }
        await Write(ctx, 200, "application/json", body);
    }

    private async Task ServeIds(HttpContext ctx, string text)
    {
        var asked = new HashSet<long>();
        foreach (var part in text.Split('-'))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                await Write(ctx, 200, "application/json",
                    Envelopes.ErrorEnvelope("ids", text, "ids", "The Ids field must contain fixture ids separated by a dash."));
                return;
            }
            asked.Add(id);
        }
        if (asked.Count > MaxIdsPerCall)
        {
            await Write(ctx, 200, "application/json",
                Envelopes.ErrorEnvelope("ids", text, "ids", $"Maximum of {MaxIdsPerCall} ids allowed."));
            return;
        }

        var now = _now();
        var k = _recording.PollIndexAt(now);
        var file = k is { } index ? _recording.PollFileFor(index) : null;
        if (file is null)
        {
            await Write(ctx, 200, "application/json", Envelopes.Empty("ids", text));
            return;
        }

        PollEntry entry;
        try
        {
            entry = GetEntry(file);
        }
        catch (IOException e)
        {
            _logger.LogError("Recording poll file {File} cannot be read: {Error}", file, e.Message);
            await Write(ctx, 500, "application/json", Encoding.UTF8.GetBytes("{\"message\":\"recording poll file unreadable\"}"));
            return;
        }

        switch (entry)
        {
            case PollEntry.Status s:
                await Write(ctx, s.Code, s.ContentType, s.Body);
                break;
            case PollEntry.Raw r:
                await Write(ctx, 200, "application/json", r.Body);
                break;
            case PollEntry.Envelope env:
                var selected = env.Fixtures.Where(f => f.Id is { } id && asked.Contains(id)).Select(f => f.Raw).ToList();
                await Write(ctx, 200, "application/json", Envelopes.Build(env.Get, "ids", text, selected));
                break;
        }
    }

    private PollEntry GetEntry(string path)
    {
        lock (_cacheLock)
        {
            for (var node = _cache.First; node is not null; node = node.Next)
            {
                if (node.Value.Path != path) continue;
                _cache.Remove(node);
                _cache.AddFirst(node);
                return node.Value.Entry;
            }
        }
        var entry = Parse(path, File.ReadAllBytes(path));
        lock (_cacheLock)
        {
            if (_cache.All(n => n.Path != path)) _cache.AddFirst((path, entry));
            while (_cache.Count > CacheCapacity) _cache.RemoveLast();
        }
        return entry;
    }

    private PollEntry Parse(string path, byte[] bytes)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            _logger.LogWarning("Recording poll file {File} is not JSON ({Error}); serving it as-is", path, e.Message);
            return new PollEntry.Raw(bytes);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (Envelopes.IsStatusFile(root, out var status, out var body))
            {
                return body.ValueKind switch
                {
                    JsonValueKind.String => new PollEntry.Status(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(body.GetString() ?? "")),
                    JsonValueKind.Undefined => new PollEntry.Status(status, "text/plain; charset=utf-8", []),
                    _ => new PollEntry.Status(status, "application/json", Encoding.UTF8.GetBytes(body.GetRawText())),
                };
            }
            if (root.ValueKind != JsonValueKind.Object || Envelopes.HasErrors(root)
                || !root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Array)
                return new PollEntry.Raw(bytes);

            var get = root.TryGetProperty("get", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "fixtures";
            var fixtures = new List<(long? Id, string Raw)>();
            foreach (var item in response.EnumerateArray())
                fixtures.Add((FixtureIdOf(item), item.GetRawText()));
            return new PollEntry.Envelope(get, fixtures);
        }
    }

    internal static long? FixtureIdOf(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fixture", out var f) || f.ValueKind != JsonValueKind.Object
            || !f.TryGetProperty("id", out var id)) return null;
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var l)) return l;
        if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
        return null;
    }

    private static async Task Write(HttpContext ctx, int status, string contentType, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    private abstract record PollEntry
    {
        public sealed record Status(int Code, string ContentType, byte[] Body) : PollEntry;

        public sealed record Raw(byte[] Body) : PollEntry;

        public sealed record Envelope(string Get, IReadOnlyList<(long? Id, string Raw)> Fixtures) : PollEntry;
    }
}
