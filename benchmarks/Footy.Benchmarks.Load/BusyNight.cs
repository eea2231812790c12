using Footy.Media;
using Footy.Media.Synthetic;
using Footy.Scenarios;

namespace Footy.Benchmarks.Load;

/// <summary>What a generated night holds.</summary>
public sealed record NightShape(int Fixtures, int Goals, int CandidateClips, int DistinctFiles);

/// <summary>
/// A generated busy night: <c>fixtures</c> overlapping matches (kickoffs within an hour, no API faults) with clips for
/// every confirmed goal (<see cref="ClipPlans"/>: originals, differing copies, posts the filters reject). Rendering
/// hundreds of clips would dominate the run, so only a few distinct masters are rendered (once, into a cache shared by
/// every night) and each planned clip is a link to the cached rendering of its variant of one of them: the daemon
/// still downloads, probes, hashes and clusters every candidate.
/// </summary>
public static class BusyNight
{
    private const int DistinctMasters = 6;

    public static async Task<NightShape> WriteAsync(string directory, string cache, int fixtures, int seed)
    {
        var day = RandomScenarios.Day(seed, new RandomDayOptions
        {
            MinFixtures = fixtures,
            MaxFixtures = fixtures,
            MaxKickoffSpreadMinutes = 60,
            FaultChance = 0,
            PostponedChance = 0,
        });
        var expected = day.WriteRecordingWithExpected(directory);
        var plan = ClipPlans.For(day, expected, seed).Plan;

        var distinct = DistinctPlan(plan);
        await distinct.RenderAsync(cache, MediaToolsOptions.Default);
        var masterOf = plan.Masters.Select((m, i) => (m.Name, Distinct: distinct.Masters[i % distinct.Masters.Count].Name))
            .ToDictionary(p => p.Name, p => p.Distinct);
        var clips = Path.Combine(directory, "clips");
        Directory.CreateDirectory(Path.Combine(clips, ".masters"));
        foreach (var clip in plan.Clips)
            File.CreateSymbolicLink(Path.Combine(clips, clip.File), Path.Combine(cache, "clips", DistinctFile(masterOf[clip.Master], clip.Variant)));
        foreach (var master in plan.Masters)
            File.CreateSymbolicLink(Path.Combine(clips, ".masters", master.Name + ".mp4"),
                Path.Combine(cache, "clips", ".masters", masterOf[master.Name] + ".mp4"));
        plan.Save(directory);
        await plan.RenderAsync(directory, MediaToolsOptions.Default); // every file exists: writes clips/index.json only

        var goals = expected.Traces.Count(t => t.Goal is not null && t.ConfirmedAtPoll is not null);
        return new NightShape(day.Matches.Count, goals, plan.Clips.Count, distinct.Clips.Count);
    }

    /// <summary>One clip per (distinct master, variant) that the night's plan uses.</summary>
    private static ClipPlan DistinctPlan(ClipPlan plan)
    {
        var masters = plan.Masters.Take(DistinctMasters).Select((m, i) => m with { Name = $"distinct-{i}" }).ToList();
        var variants = plan.Clips.Select(c => c.Variant).DistinctBy(v => v.Name).ToList();
        var clips = masters.SelectMany(m => variants.Select(v => new PlannedClip(DistinctFile(m.Name, v), DistinctFile(m.Name, v), m.Name, 1, "", null, v)))
            .ToList();
        return new ClipPlan(masters, clips);
    }

    private static string DistinctFile(string master, VariantSpec variant) => $"{master}-{variant.Name}.mp4";
}
