using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Configuration;
using Footy.Daemon.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Footy.Cli.Tests;

/// <summary><c>footy config check</c> names misspelt keys and combinations that cannot work.</summary>
public sealed class ConfigCheckTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "footy-config-" + Guid.NewGuid().ToString("N")[..10]);

    public ConfigCheckTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task A_misspelt_key_in_a_file_or_a_footy_variable_is_named_with_the_setting_meant()
    {
        var file = Path.Combine(_directory, "footy.json");
        await File.WriteAllTextAsync(file, """{ "Jornal": { "Provider": "Sqlite" }, "Clips": { "SearchAttempt": 5 } }""");

        var result = await FootyProcess.RunAsync(["config", "check", "--config", file],
            new Dictionary<string, string> { ["FOOTY_Polling__IntervalSecond"] = "5" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Jornal:Provider is not a setting; did you mean Journal?", result.Stderr);
        Assert.Contains("Clips:SearchAttempt is not a setting; did you mean Clips:SearchAttempts?", result.Stderr);
        Assert.Contains("Polling:IntervalSecond is not a setting; did you mean Polling:IntervalSeconds?", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_sqlite_journal_or_a_filesystem_clip_store_with_several_nodes_is_refused()
    {
        var result = await FootyProcess.RunAsync(["config", "check"], new Dictionary<string, string>
        {
            ["FOOTY_Cluster__SeedNodes__0"] = "akka.tcp://footy@10.0.0.1:8110",
            ["FOOTY_Cluster__SeedNodes__1"] = "akka.tcp://footy@10.0.0.2:8110",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("but Journal:Provider is Sqlite", result.Stderr);
        Assert.Contains("but Clips:StorageKind is filesystem", result.Stderr);
    }

    [Fact]
    public void Known_keys_lists_and_dictionaries_pass_and_a_node_seeding_itself_is_one_node()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tracking:Leagues:0"] = "39",
            ["Clips:TeamAliases:Manchester United:0"] = "Man Utd",
            ["ApiFootball:RequestTimeout"] = "00:00:10",
            ["Journal:ConnectionString"] = "Data Source=journal.db",
            ["Logging:MinimumLevel"] = "Debug",
            ["ADMIN_URL"] = "http://127.0.0.1:9110",
            ["Tracking:Leagues:x"] = "1",
            ["Budget:DailyRequests:Extra"] = "1",
        }).Build();

        Assert.Equal(["Budget:DailyRequests:Extra is not a setting: Budget:DailyRequests has no settings below it",
                      "Tracking:Leagues:x: Tracking:Leagues is a list, 'x' is not an index"], SettingsCheck.UnknownKeys(configuration));
        var single = new FootyOptions();
        single.Cluster.SeedNodes = [$"akka.tcp://footy@{single.Cluster.Hostname}:{single.Cluster.Port}"];
        Assert.Empty(SettingsCheck.ImpossibleCombinations(single));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
