using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Polling;

/// <summary>On the free plan (100 requests a day) the daemon never exceeds the budget: it polls less often instead of stopping.</summary>
[Collection(DaemonCollection.Name)]
public sealed class BudgetTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task A_whole_final_on_the_free_plan_stays_within_100_requests_and_still_finds_the_goals()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Budget.DailyRequests = 100;
        options.Budget.RequestsPerMinute = 10;
        var skippedForBudget = 0;

        var outcome = await ReplayRunner.RunAsync(Summaries.Recording("world-cup-final-2022"), options,
            new ReplaySettings(EnforceBudget: true), TestLogging.For(output),
            tick => { if (tick.Report.Skipped?.StartsWith("budget", StringComparison.Ordinal) == true) skippedForBudget++; });

        output.WriteLine($"{outcome.ApiRequests} requests, {skippedForBudget} polls skipped for the budget");
        Assert.InRange(outcome.ApiRequests, 10, 100);
        Assert.True(skippedForBudget > 100, "polling did not slow down to fit the budget");
        var expected = Summaries.LoadExpected(Path.Combine(Summaries.Recording("world-cup-final-2022"), "expected.json"));
        var found = Summaries.Normalize(outcome.Summary).Goals;
        Assert.True(found.Count >= 4, $"only {found.Count} goals found on the free plan");
        Assert.All(found, g => Assert.Contains(expected.Goals, e => e with { State = g.State } == g));
    }

    [Fact]
    public async Task Without_active_fixtures_the_poller_makes_no_calls()
    {
        var options = await backends.OptionsFor(Backend.Sqlite);
        var directory = Path.Combine(Path.GetTempPath(), "footy-quiet-day-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // A recording that ends 40 minutes before the first kickoff: one ingest call, then silence.
            var match = Footy.Scenarios.RandomScenarios.Days(1, 20).SelectMany(d => d.Matches)
                .First(m => m.Kickoff.AddHours(-2).Date == m.Kickoff.Date);
            new Footy.Scenarios.DayScenario("quiet", match.Kickoff.AddHours(-2), pollCount: 160).Add(match).WriteRecording(directory);

            var outcome = await ReplayRunner.RunAsync(directory, options, new ReplaySettings(), TestLogging.For(output));

            Assert.Equal(1, outcome.ApiRequests);
            Assert.Empty(outcome.Summary.Goals);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
