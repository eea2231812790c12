using System.Text.Json;
using Akka.Actor;
using Footy.Daemon.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Prometheus;
using Serilog.Events;
using static Footy.Admin.AdminViews;

namespace Footy.Admin;

/// <summary>The admin endpoint's routes. Every answer is JSON (the CLI renders tables from it) except /metrics (Prometheus text).</summary>
internal static class AdminRoutes
{
    private static readonly JsonSerializerOptions Line = new(AdminEndpoint.Json) { WriteIndented = false };

    public static void Map(WebApplication app, IServiceProvider services, AdminMetrics metrics, ILogger logger)
    {
        T Get<T>() where T : notnull => services.GetRequiredService<T>();

        app.MapHealthChecks("/healthz", Probe(FootyHost.LiveTag));
        app.MapHealthChecks("/readyz", Probe(FootyHost.ReadyTag));
        app.MapMetrics("/metrics", metrics.Registry);

        var api = app.MapGroup("/api");
        api.MapGet("/status", Guard(logger, async (HttpContext http) => Ok(await Get<NodeHealth>().StatusAsync(http.RequestAborted))));

        api.MapGet("/cluster", Sync(logger, _ => Ok(Get<ClusterInspector>().Show())));
        api.MapGet("/cluster/tail", (HttpContext http) => Stream(http, Get<ClusterInspector>().TailAsync(http.RequestAborted)));
        api.MapPost("/cluster/leave", Sync(logger, _ => Ok(Get<ClusterInspector>().Leave())));
        api.MapPost("/cluster/down", Sync(logger, (HttpContext http) => Ok(Get<ClusterInspector>().Down(Required(http, "address")))));
        api.MapPost("/cluster/join", Sync(logger, (HttpContext http) => Ok(Get<ClusterInspector>().Join(Required(http, "address")))));
        api.MapPost("/cluster/down-unreachable", Sync(logger, _ => Ok(Get<ClusterInspector>().DownUnreachable())));

        api.MapGet("/sharding/regions", Guard(logger, async (HttpContext http) => Ok(await Get<ShardingInspector>().RegionsAsync(http.RequestAborted))));
        api.MapGet("/sharding/regions/{type}", Guard(logger, async (HttpContext http) =>
            Ok(await Get<ShardingInspector>().RegionStatsAsync(Route(http, "type"), http.RequestAborted))));
        api.MapGet("/sharding/shards", Guard(logger, async (HttpContext http) => Ok(await Get<ShardingInspector>().ShardStatsAsync(http.RequestAborted))));
        api.MapGet("/sharding/locate/{type}/{id}", Guard(logger, async (HttpContext http) =>
            Ok(await Get<ShardingInspector>().LocateAsync(Route(http, "type"), Route(http, "id"), http.RequestAborted))));

        api.MapGet("/actors", Sync(logger, (HttpContext http) =>
            Ok(Get<ActorTree>().Read(Optional(http, "path") ?? "/", Int(http, "depth") ?? 3))));

        api.MapGet("/logs", Sync(logger, (HttpContext http) => Ok(Logs(services).Ring.Peek(Int(http, "n") ?? 50))));
        api.MapGet("/logs/tail", (HttpContext http) => Stream(http, Logs(services).Ring.TailAsync(http.RequestAborted)));
        api.MapGet("/logs/level", Sync(logger, _ => Ok(new LogLevelView(Logs(services).Level.MinimumLevel.ToString()))));
        api.MapPut("/logs/level", Sync(logger, (HttpContext http) =>
        {
            var requested = Required(http, "level");
            if (!Enum.TryParse<LogEventLevel>(requested, ignoreCase: true, out var level) || !Enum.IsDefined(level))
                throw new ArgumentException($"'{requested}' is not a log level (Verbose, Debug, Information, Warning, Error, Fatal)");
            var logs = Logs(services);
            var before = logs.Level.MinimumLevel;
            logs.Level.MinimumLevel = level;
            logger.LogWarning("Log level changed from {Before} to {After} through the admin endpoint", before, level);
            return Ok(new LogLevelView(level.ToString()));
        }));

        api.MapGet("/fixtures", Guard(logger, async (HttpContext http) => Ok(await Get<DomainInspector>().FixturesAsync(http.RequestAborted))));
        api.MapGet("/fixtures/{id}", Guard(logger, async (HttpContext http) =>
            Ok(await Get<DomainInspector>().FixtureAsync(Long(Route(http, "id"), "fixture id"), http.RequestAborted))));
        api.MapGet("/goals", Guard(logger, async (HttpContext http) =>
            Ok(await Get<DomainInspector>().GoalsAsync(Optional(http, "fixture") is { } f ? Long(f, "fixture id") : null, http.RequestAborted))));
        api.MapGet("/goals/{id}", Guard(logger, async (HttpContext http) =>
            Ok(await Get<DomainInspector>().GoalAsync(Route(http, "id"), http.RequestAborted))));
        api.MapPost("/goals/{id}/retry", Guard(logger, async (HttpContext http) =>
            Ok(await Get<DomainInspector>().RetryGoalAsync(Route(http, "id"), http.RequestAborted))));
        api.MapPost("/backfill", Guard(logger, async (HttpContext http) =>
        {
            var text = Required(http, "date");
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                throw new ArgumentException($"date '{text}' is not YYYY-MM-DD");
            return Ok(await Get<DomainInspector>().BackfillAsync(day, http.RequestAborted));
        }));
        // A rebuild projects the whole journal: it takes as long as the journal is long, hence its own timeout.
        api.MapPost("/readmodel/rebuild", Guard(logger, async (HttpContext http) =>
            Ok(await Footy.Daemon.ReadModel.ReadModelRebuild.RequestAsync(
                Akka.Hosting.ActorRegistry.For(Get<ActorSystem>()), TimeSpan.FromMinutes(30), http.RequestAborted))));
        api.MapGet("/journal/{persistenceId}", Guard(logger, async (HttpContext http) =>
            Ok(await Get<JournalReader>().ReadAsync(Route(http, "persistenceId"), Int(http, "from") ?? 0, Int(http, "max") ?? 1000, http.RequestAborted))));
        api.MapGet("/runs", Guard(logger, async (HttpContext http) =>
        {
            var since = Optional(http, "since") is { } s
                ? DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                    ? at : throw new ArgumentException($"since '{s}' is not a date/time")
                : (DateTimeOffset?)null;
            return Ok(await Get<DomainInspector>().RunsAsync(Optional(http, "goal"), Optional(http, "failed") == "true", since, http.RequestAborted));
        }));
    }

    /// <summary>The checks with <paramref name="tag"/>, as the standard report: 200 only when every one is healthy, else 503.</summary>
    private static HealthCheckOptions Probe(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthReportJson.WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static IResult Ok<T>(T value) => Results.Json(value, AdminEndpoint.Json);

    private static DaemonLogs Logs(IServiceProvider services) =>
        services.GetService<DaemonLogs>() ?? throw new KeyNotFoundException("this daemon was started without an in-memory log ring");

    private static Delegate Guard(ILogger logger, Func<HttpContext, Task<IResult>> handler) =>
        (HttpContext http) => Answer(http, logger, () => handler(http));

    private static Delegate Sync(ILogger logger, Func<HttpContext, IResult> handler) =>
        (HttpContext http) => Answer(http, logger, () => Task.FromResult(handler(http)));

    /// <summary>Turns the inspectors' exceptions into status codes: bad input 400, unknown 404, timeouts 504, anything else 500 and a log line.</summary>
    private static async Task<IResult> Answer(HttpContext http, ILogger logger, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ArgumentException e)
        {
            return Results.Json(new ErrorView(e.Message), AdminEndpoint.Json, statusCode: 400);
        }
        catch (KeyNotFoundException e)
        {
            return Results.Json(new ErrorView(e.Message), AdminEndpoint.Json, statusCode: 404);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new ErrorView(e.Message), AdminEndpoint.Json, statusCode: 409);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException || (e is TaskCanceledException && !http.RequestAborted.IsCancellationRequested))
        {
            logger.LogWarning("Admin {Method} {Path} timed out: {Error}", http.Request.Method, http.Request.Path, e.Message);
            return Results.Json(new ErrorView("the actors did not answer in time: " + e.Message), AdminEndpoint.Json, statusCode: 504);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Admin {Method} {Path} failed", http.Request.Method, http.Request.Path);
            return Results.Json(new ErrorView(e.Message), AdminEndpoint.Json, statusCode: 500);
        }
    }

    /// <summary>Newline-delimited JSON, one item a line, flushed as each arrives, until the client goes away.</summary>
    private static async Task Stream<T>(HttpContext http, IAsyncEnumerable<T> items)
    {
        http.Response.ContentType = "application/x-ndjson";
        await http.Response.Body.FlushAsync(http.RequestAborted);
        try
        {
            await foreach (var item in items)
            {
                await http.Response.WriteAsync(JsonSerializer.Serialize(item, Line) + "\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static string Route(HttpContext http, string name) => http.GetRouteValue(name)?.ToString() ?? throw new ArgumentException($"{name} is missing");

    private static string? Optional(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    private static string Required(HttpContext http, string name) => Optional(http, name) ?? throw new ArgumentException($"{name} is required");

    private static int? Int(HttpContext http, string name) =>
        Optional(http, name) is { } text ? int.TryParse(text, out var n) ? n : throw new ArgumentException($"{name} '{text}' is not a number") : null;

    private static long Long(string text, string what) =>
        long.TryParse(text, out var n) ? n : throw new ArgumentException($"{what} '{text}' is not a number");
}
