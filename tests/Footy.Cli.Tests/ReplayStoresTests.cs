using System.Text.Json;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary>
/// A replay on a production host: config/footy.json in the working directory names the production data directory, a
/// PostgreSQL journal and an S3 clip store (both unreachable here, so touching them fails the replay). <c>footy replay</c>
/// and <c>footy run &lt;recording&gt;</c> never write into stores of a file they picked up by themselves; stores named in
/// FOOTY_ variables are used.
/// </summary>
public sealed class ReplayStoresTests : IDisposable
{
    private readonly string _host = Path.Combine(Path.GetTempPath(), "footy-host-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _recording = Summaries.Recording("saturday-overlap");

    public ReplayStoresTests()
    {
        Directory.CreateDirectory(Path.Combine(_host, "config"));
        File.WriteAllText(Path.Combine(_host, "config", "footy.json"), JsonSerializer.Serialize(new
        {
            DataDirectory = Production,
            Journal = new { Provider = "PostgreSql", ConnectionString = "Host=127.0.0.1;Port=1;Database=production;Username=footy;Password=secret;Timeout=2" },
            Clips = new { StorageKind = "s3", S3Endpoint = "http://127.0.0.1:1", S3AccessKey = "production", S3SecretKey = "secret", S3Bucket = "production" },
            Admin = new { Port = 0 },
            Cluster = new { Port = 0 },
        }));
    }

    private string Production => Path.Combine(_host, "production");

    [Fact]
    public async Task Replay_ignores_the_stores_of_a_picked_up_configuration_and_uses_those_named_in_footy_variables()
    {
        var ignored = await FootyProcess.RunAsync(["replay", _recording, "--json"], new Dictionary<string, string>(), TimeSpan.FromMinutes(3), _host);

        Assert.True(ignored.ExitCode == 0, ignored.Stderr);
        Assert.NotEmpty(JsonDocument.Parse(ignored.Stdout).RootElement.GetProperty("goals").EnumerateArray());
        Assert.False(Directory.Exists(Production));

        var named = Path.Combine(_host, "named");
        var used = await FootyProcess.RunAsync(["replay", _recording, "--json"], new Dictionary<string, string> { ["FOOTY_DataDirectory"] = named },
            TimeSpan.FromMinutes(3), _host);

        Assert.True(used.ExitCode == 0, used.Stderr);
        Assert.True(File.Exists(Path.Combine(named, "journal.db")));
        Assert.False(Directory.Exists(Production));

        var postgres = await FootyProcess.RunAsync(["replay", _recording, "--json"], new Dictionary<string, string>
        {
            ["FOOTY_Journal__Provider"] = "PostgreSql",
            ["FOOTY_Journal__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=named;Username=footy;Password=secret;Timeout=2",
        }, TimeSpan.FromMinutes(3), _host);

        Assert.NotEqual(0, postgres.ExitCode);
        Assert.Equal("", postgres.Stdout);
    }

    [Fact]
    public async Task Run_with_a_recording_ignores_the_stores_of_a_picked_up_configuration()
    {
        await using var daemon = FootyProcess.Start(["run", "--recording", _recording, "--pace", "0.2"], new Dictionary<string, string>(), _host);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!daemon.Stderr.Contains("played to its end", StringComparison.Ordinal) && !daemon.HasExited && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.False(daemon.HasExited, daemon.Stderr);

        daemon.Terminate();
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(daemon.ExitCode == 0, daemon.Stderr);
        Assert.False(Directory.Exists(Production));
    }

    public void Dispose()
    {
        if (Directory.Exists(_host)) Directory.Delete(_host, recursive: true);
    }
}
