using Footy.Media;
using Footy.Scenarios;

namespace Footy.ReadModel.Tests.Truth;

/// <summary>The 2022 final with synthetic clips for its first two confirmed goals (the bundled recording has none), rendered once per class.</summary>
public sealed class FinalWithClips : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "footy-rm-final-clips-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        var day = BundledRecordings.WorldCupFinal2022();
        var plan = ClipPlans.For(day, day.WriteRecordingWithExpected(Directory), seed: 7, maxGoals: 2).Plan;
        plan.Save(Directory);
        await plan.RenderAsync(Directory, MediaToolsOptions.Default);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
