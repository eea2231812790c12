using Footy.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Footy.Daemon.Hosting;

/// <summary>
/// The daemon's long-lived HTTP clients, named and built by IHttpClientFactory. Their users are singletons that keep
/// one client for months, so the handler is never rotated: instead its pooled connections are renewed every few
/// minutes, which picks up DNS changes of the API and CDNs.
/// </summary>
public static class HttpClients
{
    public const string ApiFootball = "api-football";
    public const string XSyndication = "x-syndication";
    public const string SearchService = "search-service";
    public const string Reddit = "reddit";

    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddFootyHttpClients(this IServiceCollection services, FootyOptions options)
    {
        services.AddHttpClient(ApiFootball, client =>
            {
                client.BaseAddress = options.ApiFootball.BaseUrl;
                // Names the node in the upstream's logs: with several nodes, which one polled.
                client.DefaultRequestHeaders.UserAgent.ParseAdd($"Footy.Actors (node {options.Cluster.Hostname}:{options.Cluster.Port})");
                client.Timeout = Timeout.InfiniteTimeSpan; // the client's resilience pipeline times each attempt out
            })
            .ConfigurePrimaryHttpMessageHandler(() => Handler(allowRedirects: false))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        foreach (var name in new[] { XSyndication, SearchService, Reddit })
            services.AddHttpClient(name)
                .ConfigurePrimaryHttpMessageHandler(() => Handler(allowRedirects: true))
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }

    public static HttpClient Create(IServiceProvider services, string name) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    private static SocketsHttpHandler Handler(bool allowRedirects) => new()
    {
        PooledConnectionLifetime = PooledConnectionLifetime,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = allowRedirects,
    };
}
