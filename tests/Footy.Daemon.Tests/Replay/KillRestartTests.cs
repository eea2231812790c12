using System.Diagnostics;
using Footy.Daemon.Summary;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// The daemon as a process, killed with SIGKILL in the middle of a replay and started again on the same data
/// directory, ends in the summary an uninterrupted run prints.
/// </summary>
public sealed class KillRestartTests(ClipRecording clipRecording, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ClipRecording>
{
    [Fact]
    public async Task Replay_killed_at_random_moments_and_restarted_ends_in_the_expected_summary()
    {
        var recording = Summaries.Recording("world-cup-final-2022");
        var data = Path.Combine(Path.GetTempPath(), "footy-kill-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var random = new Random(4242);
            for (var kill = 0; kill < 3; kill++)
            {
                using var process = Start(recording, data);
                var cyclesBefore = CyclesLogged(data);
                var target = cyclesBefore + random.Next(20, 120);
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (!process.HasExited && CyclesLogged(data) < target && DateTime.UtcNow < deadline)
                    await Task.Delay(50);
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            using var final = Start(recording, data);
            var stdout = await final.StandardOutput.ReadToEndAsync();
            await final.WaitForExitAsync();
            Assert.Equal(0, final.ExitCode);

            var summary = MatchdaySummary.FromJson(stdout);
            var expected = Summaries.LoadExpected(Path.Combine(recording, "expected.json"));
            Assert.Equal(expected.Fixtures, Summaries.Normalize(summary).Fixtures);
            Assert.Equal(expected.Goals, Summaries.Normalize(summary).Goals);
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Killed_during_clip_downloads_hashing_and_uploads_it_ends_with_the_same_clips_none_twice_no_temp_files()
    {
        var data = Path.Combine(Path.GetTempPath(), "footy-kill-clips-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var random = new Random(99);
            for (var kill = 0; kill < 3; kill++)
            {
                using var process = Start(clipRecording.Directory, data);
                var target = CyclesLogged(data) + random.Next(40, 160);
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (!process.HasExited && CyclesLogged(data) < target && DateTime.UtcNow < deadline)
                    await Task.Delay(50);
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            using var final = Start(clipRecording.Directory, data);
            var stdout = await final.StandardOutput.ReadToEndAsync();
            await final.WaitForExitAsync();
            Assert.Equal(0, final.ExitCode);

            var summary = MatchdaySummary.FromJson(stdout);
            ClipAssertions.KeptExactlyTheOriginals(summary, clipRecording.Planned, output);
            var stored = Directory.EnumerateFiles(Path.Combine(data, "clips"), "*.mp4", SearchOption.AllDirectories).ToList();
            Assert.Equal(summary.Goals.Sum(g => g.Clips.Count), stored.Count);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "tmp"), "*", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private static Process Start(string recording, string data)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "footy.dll"), "replay", recording, "--data", data, "--json" })
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Poll cycles the daemon has logged so far: a progress measure readable from outside the process.</summary>
    private static int CyclesLogged(string data)
    {
        var logs = Path.Combine(data, "logs");
        if (!Directory.Exists(logs)) return 0;
        var count = 0;
        foreach (var file in Directory.GetFiles(logs))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
                if (line.Contains("Poll cycle", StringComparison.Ordinal)) count++;
        }
        return count;
    }
}
