using System.Net;
using System.Text.Json;
using Footy.Admin;
using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Admin;

/// <summary>
/// The freshness check: when API-Football stops answering mid-match the poller turns stale, /readyz says so and the
/// webhook gets the alert (and the failing API one); nothing is sent while polls succeed.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class AlertWatchdogTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task A_poller_that_stops_succeeding_turns_stale_fails_readiness_and_is_posted_to_the_webhook()
    {
        using var webhook = new WebhookReceiver();
        var recording = Recording.Load(Summaries.Recording("saturday-overlap"));
        var outageFrom = recording.Start.AddHours(2);
        var faults = new OutageAfter(outageFrom);
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Admin.Port = 0;
        options.Admin.AlertCheckSeconds = 1;
        options.Admin.StaleAfterSeconds = 60;
        options.Admin.AlertWebhookUrl = webhook.Url;

        await using var session = await ReplaySession.StartAsync(recording.Directory, options, new ReplaySettings(Faults: faults), [new AdminSurface()],
            TestLogging.For(output), CancellationToken.None);
        await session.PlayAsync(null, CancellationToken.None);

        var alerts = await webhook.WaitForAsync(a => a.Kind == "stale", TimeSpan.FromSeconds(30));
        var stale = alerts.First(a => a.Kind == "stale");
        Assert.Contains("no successful poll since", stale.Message);
        Assert.True(stale.At > outageFrom, $"stale at {stale.At:u}, the outage began {outageFrom:u}");
        Assert.DoesNotContain(alerts, a => a.Kind == "stale" && a.At < outageFrom);

        var endpoint = session.Host.Services.GetRequiredService<AdminEndpoint>().BoundUrl!;
        using var http = new HttpClient { BaseAddress = endpoint };
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readiness = JsonSerializer.Deserialize<HealthReportJson.Report>(await ready.Content.ReadAsStringAsync(), AdminEndpoint.Json)!;
        Assert.Equal("Unhealthy", readiness.Status);
        Assert.Equal("Unhealthy", readiness.Entries["poller"].Status);
        Assert.StartsWith("stale:", readiness.Entries["poller"].Description);
        Assert.Equal("Healthy", readiness.Entries["akka.cluster.join"].Status);
        Assert.Equal("Healthy", readiness.Entries["media-queue"].Status);
    }

    /// <summary>Every poll of fixtures from <paramref name="from"/> on answers 503.</summary>
    private sealed class OutageAfter(DateTimeOffset from) : IServedFaults
    {
        public ServedFault? FaultFor(ServedEndpoint endpoint, string pathAndQuery, DateTimeOffset now) =>
            endpoint == ServedEndpoint.Fixtures && now >= from ? new ServedFault.Status(503, "upstream down") : null;
    }
}
