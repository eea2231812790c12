using System.Diagnostics;
using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>
/// The kill harness of the daemon tests, aimed at the read model: <c>footy replay</c> as a process, killed with SIGKILL at
/// random moments (seeded: <c>FOOTY_KILL_SEED</c> replays a plan) and started again on the same data directory until it
/// finishes. The read model it leaves equals the summary it prints, nothing missing and nothing doubled, and a rebuild from
/// the journal gives the same read model.
/// </summary>
public sealed class KillTruthTests(ITestOutputHelper output)
{
    private const int Kills = 5;
    private const int DefaultSeed = 12_2026;

    [Fact]
    public async Task A_replay_killed_at_random_moments_leaves_a_read_model_equal_to_its_summary_and_to_a_rebuild()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FOOTY_KILL_SEED"), out var s) ? s : DefaultSeed;
        output.WriteLine($"kill seed {seed} (FOOTY_KILL_SEED={seed} replays this plan)");
        var random = new Random(seed);
        var data = Path.Combine(Path.GetTempPath(), "footy-rm-kill-" + Guid.NewGuid().ToString("N")[..10]);
        var recording = Summaries.Recording("world-cup-final-2022");
        var wall = Stopwatch.StartNew();
        try
        {
            for (var killed = 1; killed <= Kills; killed++)
            {
                using var run = Replay(recording, data);
                // Start-up takes a few seconds; past it the replay polls, confirms goals, stores clips and projects them.
                var delay = TimeSpan.FromMilliseconds(random.Next(3_000, 12_000));
                await Task.Delay(delay);
                Assert.False(run.HasExited, $"the replay finished by itself before kill {killed}; its exit code {(run.HasExited ? run.ExitCode : 0)}");
                run.Kill(entireProcessTree: true);
                await run.WaitForExitAsync();
                output.WriteLine($"kill {killed} after {delay.TotalSeconds:0.0}s");
            }

            using var final = Replay(recording, data);
            var stdout = await final.StandardOutput.ReadToEndAsync();
            await final.WaitForExitAsync();
            Assert.Equal(0, final.ExitCode);
            output.WriteLine($"{Kills} kills and the final run in {wall.Elapsed.TotalSeconds:0}s");

            var summary = MatchdaySummary.FromJson(stdout);
            var options = new FootyOptions { DataDirectory = data };
            await using var readModel = ReadModelServices.CreateStore(options);
            var expected = PublishedFacts.Of(summary);
            var projected = await PublishedFacts.OfAsync(readModel);
            Assert.Equal(expected.Fixtures, projected.Fixtures);
            Assert.Equal(expected.Goals, projected.Goals);

            var rebuilt = await ReadModels.RebuildAsync(options, "rebuilt.db");
            await using var rebuiltStore = rebuilt.Store;
            Assert.Equal(await ReadModels.Snapshot(readModel), await ReadModels.Snapshot(rebuiltStore));
            output.WriteLine($"total {wall.Elapsed.TotalSeconds:0}s");
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private static Process Replay(string recording, string data)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay", recording, "--data", data, "--json" })
            start.ArgumentList.Add(a);
        // Snapshots every few events, so kills also land between a snapshot and the events after it.
        start.Environment["FOOTY_Journal__SnapshotEvery"] = "3";
        return Process.Start(start)!;
    }
}
