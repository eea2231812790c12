using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Footy.Web.Tests.Support;

namespace Footy.Web.Tests;

/// <summary><c>footy readmodel rebuild</c> against the running daemon: its projection rebuilds while the page keeps showing the whole day.</summary>
[Collection(FinalCollection.Name)]
public sealed class OnlineRebuildTests(FinalDaemon final)
{
    [Fact]
    public async Task Footy_readmodel_rebuild_with_the_daemon_running_rebuilds_through_it_and_the_day_never_thins()
    {
        var expected = await SteadyDayAsync();
        using var watching = new CancellationTokenSource();
        var watch = WatchAsync(expected, watching.Token);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "footy.dll"), "readmodel", "rebuild" }) start.ArgumentList.Add(argument);
        start.Environment["FOOTY_DataDirectory"] = final.Daemon.DataDirectory;
        using var rebuild = Process.Start(start)!;
        var stdout = rebuild.StandardOutput.ReadToEndAsync();
        var stderr = rebuild.StandardError.ReadToEndAsync();
        await rebuild.WaitForExitAsync();
        await watching.CancelAsync();

        Assert.True(rebuild.ExitCode == 0, $"exit {rebuild.ExitCode}: {await stdout}{await stderr}");
        Assert.Contains("rebuilt by the running daemon", await stdout);
        Assert.True(await watch > 0);
        Assert.Contains("Read model rebuilt online", final.Daemon.Log);
        Assert.Equal(expected, Goals(await final.Daemon.Http.GetFromJsonAsync<JsonElement>("api/fixtures?date=2022-12-18")));
    }

    /// <summary>
    /// The day once two reads 2 s apart agree: the settled day of the fixture can still take the finished match's last poll
    /// (its last activity) if the projection had not reached it yet.
    /// </summary>
    private async Task<string> SteadyDayAsync()
    {
        var previous = "";
        for (var read = 0; read < 30; read++)
        {
            var day = Goals(await final.Daemon.Http.GetFromJsonAsync<JsonElement>("api/fixtures?date=2022-12-18"));
            if (day == previous) return day;
            previous = day;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        throw new TimeoutException("the day kept changing for a minute after the replay had ended");
    }

    /// <summary>Reads the day until cancelled; every answer has the whole settled day (a rebuild never shows it empty or half-built).</summary>
    private async Task<int> WatchAsync(string expected, CancellationToken ct)
    {
        var reads = 0;
        while (!ct.IsCancellationRequested)
        {
            Assert.Equal(expected, Goals(await final.Daemon.Http.GetFromJsonAsync<JsonElement>("api/fixtures?date=2022-12-18", CancellationToken.None)));
            reads++;
        }
        return reads;
    }

    private static string Goals(JsonElement day) => JsonSerializer.Serialize(day.GetProperty("fixtures"));
}
