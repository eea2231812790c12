using Footy.Media;
using Footy.Scenarios;

namespace Footy.Daemon.Tests.Infrastructure;

/// <summary>
/// The 2022 final with synthetic clips (one or two originals per goal, several differing copies each, and posts the
/// filters must reject), rendered once per test run and shared by the tests that replay it.
/// </summary>
public sealed class ClipRecording : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "footy-clip-recording-" + Guid.NewGuid().ToString("N")[..8]);

    public PlannedClips Planned { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var day = BundledRecordings.WorldCupFinal2022();
        var expected = day.WriteRecordingWithExpected(Directory);
        Planned = ClipPlans.For(day, expected, seed: 7);
        Planned.Plan.Save(Directory);
        await Planned.Plan.RenderAsync(Directory, MediaToolsOptions.Default);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
