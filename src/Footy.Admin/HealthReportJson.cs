using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Footy.Admin;

/// <summary>
/// The standard health-check report as JSON (the shape of ASP.NET health-check UIs): overall status and total duration,
/// and per check its status, description, duration, data, tags and, when it threw, the error.
/// </summary>
public static class HealthReportJson
{
    public sealed record Entry(string Status, string? Description, TimeSpan Duration, IReadOnlyDictionary<string, object> Data,
        IReadOnlyList<string> Tags, string? Exception);

    public sealed record Report(string Status, TimeSpan TotalDuration, IReadOnlyDictionary<string, Entry> Entries);

    public static Report From(HealthReport report) => new(
        report.Status.ToString(), report.TotalDuration,
        new SortedDictionary<string, Entry>(report.Entries.ToDictionary(
            e => e.Key,
            e => new Entry(e.Value.Status.ToString(), e.Value.Description, e.Value.Duration, e.Value.Data,
                e.Value.Tags.Order(StringComparer.Ordinal).ToList(), e.Value.Exception?.Message)), StringComparer.Ordinal));

    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, From(report), AdminEndpoint.Json, http.RequestAborted);
    }
}
