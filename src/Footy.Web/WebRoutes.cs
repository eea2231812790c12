using System.Globalization;
using Footy.ReadModel;
using Footy.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Footy.Web.WebViews;

namespace Footy.Web;

/// <summary>
/// Every route of the goals page's endpoint, all read-only (GET and HEAD): the page (<c>/</c>, <c>/?date=</c>,
/// <c>/goals/{id}</c>), its JSON (<c>/api/fixtures</c>, <c>/api/days</c>, <c>/api/goals/{id}</c>), the clips
/// (<c>/clips/{key}</c>) and the live updates (<c>/events</c>). Anything else answers 404.
/// </summary>
internal static class WebRoutes
{
    public static void Map(WebApplication app, IReadModelQueries readModel, IClipStore clips, LiveUpdates live, TimeProvider time, ILogger logger)
    {
        app.Use(SecurityHeaders);
        app.Use(AnswerFailures(logger));

        app.MapGet("/", (HttpContext http) => PageAssets.WriteAsync(http, PageAssets.Page));
        app.MapGet("/goals/{id}", async (HttpContext http, string id) =>
        {
            if (!ClipKey.IsValidGoalId(id) || await readModel.GoalAsync(id, http.RequestAborted) is null)
                http.Response.StatusCode = StatusCodes.Status404NotFound;
            await PageAssets.WriteAsync(http, PageAssets.Page);
        });
        app.MapGet("/app.js", (HttpContext http) => PageAssets.WriteAsync(http, PageAssets.Script));
        app.MapGet("/app.css", (HttpContext http) => PageAssets.WriteAsync(http, PageAssets.Style));

        app.MapGet("/api/fixtures", async (HttpContext http) =>
        {
            var asked = http.Request.Query["date"].ToString();
            DateOnly day;
            if (asked.Length == 0) day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            else if (!DateOnly.TryParseExact(asked, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                await ErrorAsync(http, StatusCodes.Status400BadRequest, $"date must be a day written YYYY-MM-DD (e.g. 2022-12-18), not '{asked}'");
                return;
            }
            // The position first: the fixtures read after it are at least as new, so a later refresh hint is never missed.
            var position = await readModel.PositionAsync(http.RequestAborted);
            var fixtures = await readModel.FixturesOnAsync(day, http.RequestAborted);
            await http.Response.WriteAsJsonAsync(new DayView(day, position, Day(fixtures, Site(http))), Json, http.RequestAborted);
        });
        app.MapGet("/api/days", async (HttpContext http) =>
            await http.Response.WriteAsJsonAsync(new DaysView(await readModel.DaysAsync(http.RequestAborted)), Json, http.RequestAborted));
        app.MapGet("/api/goals/{id}", async (HttpContext http, string id) =>
        {
            if (!ClipKey.IsValidGoalId(id) || await readModel.GoalAsync(id, http.RequestAborted) is not { } goal)
            {
                await NotFoundAsync(http, "no such goal");
                return;
            }
            await http.Response.WriteAsJsonAsync(Goal(goal, Site(http)), Json, http.RequestAborted);
        });

        app.MapMethods("/clips/{**key}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string? key) => ClipStreaming.ServeAsync(http, key, clips));
        app.MapGet("/events", live.StreamAsync);
        app.MapFallback((HttpContext http) => NotFoundAsync(http, "no such page"));
    }

    public static Task NotFoundAsync(HttpContext http, string error) => ErrorAsync(http, StatusCodes.Status404NotFound, error);

    private static Task ErrorAsync(HttpContext http, int status, string error)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ErrorView(error), Json);
    }

    /// <summary>The site's root as the browser reached it, for the absolute URLs other websites read in the JSON.</summary>
    private static Uri Site(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    /// <summary>The page runs only its own script and style and plays only its own clips; nothing may frame it.</summary>
    private static async Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; " +
                                        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        await next(http);
    }

    /// <summary>A read model or clip store that fails answers 503 with a message, never a stack trace.</summary>
    private static Func<HttpContext, RequestDelegate, Task> AnswerFailures(ILogger logger) => async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
        {
            logger.LogWarning("Goals page request {Path} failed: {Error}", http.Request.Path, e.Message);
            http.Response.Clear();
            await ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "the goals are not readable right now; try again shortly");
        }
    };
}
