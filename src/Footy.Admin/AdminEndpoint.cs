using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Footy.Daemon.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Footy.Admin;

/// <summary>
/// The admin endpoint inside the daemon (Kestrel, default 127.0.0.1:9110): what the <c>footy</c> CLI, health checks
/// and Prometheus talk to. A bearer token is required whenever one is configured (and configuration refuses a
/// non-loopback address without one). The bound URL is written to <c>{DataDirectory}/admin.endpoint</c> so the CLI
/// finds a node started on port 0.
/// </summary>
public sealed class AdminEndpoint(FootyOptions options, IServiceProvider services, AdminMetrics metrics, ILogger<AdminEndpoint> logger)
    : IHostedService, IAsyncDisposable
{
    public const string EndpointFileName = "admin.endpoint";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private WebApplication? _app;

    public Uri? BoundUrl { get; private set; }

    public static string EndpointFile(FootyOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), EndpointFileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Admin;
        if (!admin.Enabled) return;
        if (!admin.IsLoopback && string.IsNullOrWhiteSpace(admin.Token))
            throw new InvalidOperationException($"Refusing to expose the admin endpoint on {admin.Address} without Admin:Token");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The daemon's health checks, run where they were registered.
        builder.Services.AddSingleton(services.GetRequiredService<HealthCheckService>());
        builder.WebHost.UseKestrel(k =>
        {
            var address = admin.Address == "localhost" ? IPAddress.Loopback : IPAddress.Parse(admin.Address);
            k.Listen(address, admin.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024;
        });
        var app = builder.Build();
        app.Use(RequireToken(admin.Token));
        AdminRoutes.Map(app, services, metrics, logger);
        await app.StartAsync(cancellationToken);
        _app = app;

        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BoundUrl = new Uri(url.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        await File.WriteAllTextAsync(EndpointFile(options), BoundUrl.ToString().TrimEnd('/'), cancellationToken);
        logger.LogInformation("Admin endpoint listening on {Url} ({Auth})", url,
            string.IsNullOrWhiteSpace(admin.Token) ? "loopback only, no token" : "bearer token required");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        TryDeleteEndpointFile();
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private void TryDeleteEndpointFile()
    {
        try
        {
            File.Delete(EndpointFile(options));
        }
        catch (IOException e)
        {
            logger.LogWarning("Admin endpoint file not deleted: {Error}", e.Message);
        }
    }

    /// <summary>Every route but /healthz needs <c>Authorization: Bearer &lt;token&gt;</c> when a token is configured.</summary>
    private Func<HttpContext, RequestDelegate, Task> RequireToken(string token)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return async (context, next) =>
        {
            if (token.Length == 0 || context.Request.Path == "/healthz")
            {
                await next(context);
                return;
            }
            var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                logger.LogWarning("Admin request {Method} {Path} from {Remote} refused: missing or wrong bearer token",
                    context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new AdminViews.ErrorView("missing or wrong bearer token"), Json);
                return;
            }
            await next(context);
        };
    }
}
