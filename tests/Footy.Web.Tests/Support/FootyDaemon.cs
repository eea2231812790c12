using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Footy.Web.Tests.Support;

/// <summary>
/// <c>footy run --recording</c> as an operator starts it, in a fresh data directory, with the goals page, the admin endpoint
/// and the cluster on free ports; stopped with SIGTERM and its data directory deleted afterwards.
/// </summary>
public sealed class FootyDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private FootyDaemon(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    /// <summary>The goals page, as written to <c>web.endpoint</c>.</summary>
    public Uri Web { get; private set; } = null!;

    /// <summary>The admin endpoint, as written to <c>admin.endpoint</c>.</summary>
    public Uri Admin { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static FootyDaemon Start(string recording, IReadOnlyList<string> extraArguments, IReadOnlyDictionary<string, string> settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-web-" + Guid.NewGuid().ToString("N")[..10]);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Away from the repository, so no config/footy.json is picked up.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "footy.dll"), "run", "--recording", recording, "--pace", "0.2", .. extraArguments])
            start.ArgumentList.Add(argument);
        start.Environment["FOOTY_DataDirectory"] = data;
        start.Environment["FOOTY_Web__Port"] = "0";
        start.Environment["FOOTY_Admin__Port"] = "0";
        start.Environment["FOOTY_Cluster__Port"] = "0";
        foreach (var (key, value) in settings) start.Environment["FOOTY_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new FootyDaemon(Process.Start(start)!, data);
    }

    /// <summary>Waits for both endpoint files and for <paramref name="logLine"/> in the daemon's output.</summary>
    public async Task WaitForAsync(string logLine, TimeSpan timeout)
    {
        var web = Path.Combine(DataDirectory, "web.endpoint");
        var admin = Path.Combine(DataDirectory, "admin.endpoint");
        var deadline = DateTime.UtcNow + timeout;
        while (!(File.Exists(web) && File.Exists(admin) && Log.Contains(logLine, StringComparison.Ordinal)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"footy run exited with {_process.ExitCode}:\n{Log}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"footy run did not log '{logLine}' in time:\n{Log}");
            await Task.Delay(100);
        }
        Web = new Uri(File.ReadAllText(web).Trim() + "/");
        Admin = new Uri(File.ReadAllText(admin).Trim() + "/");
        Http ??= new HttpClient { BaseAddress = Web, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Polls <c>/api/fixtures?date=</c> until <paramref name="settled"/> holds for its answer.</summary>
    public async Task<JsonElement> WaitForDayAsync(DateOnly day, Func<JsonElement, bool> settled, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var answer = await Http.GetFromJsonAsync<JsonElement>($"api/fixtures?date={day:yyyy-MM-dd}");
            if (settled(answer)) return answer;
            if (_process.HasExited) throw new InvalidOperationException($"footy run exited with {_process.ExitCode}:\n{Log}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The goals of {day} did not settle in time; last answer:\n{answer}\n{Log}");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
