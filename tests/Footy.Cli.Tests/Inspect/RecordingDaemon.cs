using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests.Inspect;

/// <summary>
/// <c>footy run &lt;recording&gt;</c> on the bundled Saturday recording, admin endpoint on a free port with a bearer token,
/// left running after the recording has been played: the node every inspection command is tried against.
/// </summary>
public sealed class RecordingDaemon : IAsyncLifetime
{
    public const string Token = "t0ken-that-must-never-be-printed";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "footy-admin-" + Guid.NewGuid().ToString("N")[..10]);

    public string Recording { get; } = Summaries.Recording("saturday-overlap");

    public FootyProcess Daemon { get; private set; } = null!;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The environment a CLI user of this daemon has: its data directory (where the endpoint file is) and its token.</summary>
    public Dictionary<string, string> CliEnvironment(string? token = Token) => new()
    {
        ["FOOTY_DataDirectory"] = DataDirectory,
        ["FOOTY_Admin__Token"] = token ?? "",
    };

    public async Task InitializeAsync()
    {
        Daemon = Start(DataDirectory, Recording, Token);
        Endpoint = await WaitUntilPlayedAsync(Daemon, DataDirectory);
    }

    public async Task DisposeAsync()
    {
        await Daemon.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    public Task<FootyProcess.Outcome> Footy(params string[] arguments) => FootyProcess.RunAsync(arguments, CliEnvironment());

    public static FootyProcess Start(string dataDirectory, string recording, string token, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["FOOTY_DataDirectory"] = dataDirectory,
            ["FOOTY_Admin__Port"] = "0",
            ["FOOTY_Admin__Token"] = token,
            ["FOOTY_Cluster__Port"] = "0",
            // The inspection tests count every fixture and goal entity: none may leave memory while they run.
            ["FOOTY_Cluster__PassivateSettledAfterSeconds"] = "3600",
        };
        foreach (var (key, value) in extra) environment[key] = value;
        return FootyProcess.Start(["run", "--recording", recording, "--pace", "0.2"], environment);
    }

    /// <summary>Waits for the admin endpoint file and for the log line that says the recording has been played.</summary>
    public static async Task<Uri> WaitUntilPlayedAsync(FootyProcess daemon, string dataDirectory)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var file = Path.Combine(dataDirectory, "admin.endpoint");
        while (!(File.Exists(file) && daemon.Stderr.Contains("played to its end", StringComparison.Ordinal)))
        {
            if (daemon.HasExited) throw new InvalidOperationException($"footy run exited with {daemon.ExitCode}:\n{daemon.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"footy run did not finish the recording in time:\n{daemon.Stderr}");
            await Task.Delay(200);
        }
        return new Uri(File.ReadAllText(file).Trim());
    }
}
