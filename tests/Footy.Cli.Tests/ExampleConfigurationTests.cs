using Footy.Cli.Setup;
using Footy.Daemon.Configuration;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary>The documented example configurations load and validate (secrets aside, which come from the environment).</summary>
public sealed class ExampleConfigurationTests
{
    [Theory]
    [InlineData("raspberry-pi.json")]
    [InlineData("cluster.json")]
    public void Example_configuration_is_valid(string file)
    {
        var (options, configuration) = OptionsLoader.Load(Path.Combine(Summaries.RepositoryRoot(), "config", file));

        options.Validate(requireApiKey: false);
        Assert.NotEmpty(options.Tracking.Leagues);
        Assert.Empty(SettingsCheck.UnknownKeys(configuration));
        Assert.Empty(SettingsCheck.ImpossibleCombinations(options));
    }

    [Fact]
    public void A_configured_league_list_replaces_the_default_one()
    {
        var (options, _) = OptionsLoader.Load(Path.Combine(Summaries.RepositoryRoot(), "config", "raspberry-pi.json"));

        Assert.Equal([39L, 140L], options.Tracking.Leagues);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new FootyOptions { DataDirectory = "" };
        options.Polling.IntervalSeconds = 0;
        options.Journal.Provider = JournalProvider.PostgreSql;

        var error = Assert.Throws<OptionsValidationException>(() => options.Validate(requireApiKey: true));

        Assert.Contains(error.Problems, p => p.StartsWith("DataDirectory", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("ApiFootball:ApiKey", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Polling:IntervalSeconds", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Journal:ConnectionString", StringComparison.Ordinal));
    }
}
