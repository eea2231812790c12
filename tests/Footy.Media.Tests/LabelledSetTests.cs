using Footy.Media.Tests.Synthetic;
using Xunit.Abstractions;

namespace Footy.Media.Tests;

/// <summary>Generates (or reuses) the labelled synthetic set once per test run and fingerprints every clip.</summary>
public sealed class LabelledSetFixture : IAsyncLifetime
{
    public LabelledSet Set { get; private set; } = null!;
    public IReadOnlyList<FingerprintedClip> Clips { get; private set; } = [];
    public TimeSpan HashTime { get; private set; }
    public List<PairResult> Pairs { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Set = await LabelledSet.EnsureAsync();
        (Clips, HashTime) = await LabelledSetHashing.FingerprintAllAsync(Set);
        Pairs = PairwiseEvaluation.CompareAll(Clips, MatchOptions.Default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public FingerprintedClip Get(string id) => Clips.Single(c => c.Clip.Id == id);
}

public class LabelledSetTests(LabelledSetFixture fx, ITestOutputHelper output) : IClassFixture<LabelledSetFixture>
{
    [Fact]
    public void Pairwise_precision_and_recall_meet_the_targets_at_the_default_thresholds()
    {
        var score = PairwiseEvaluation.Score(fx.Pairs);
        output.WriteLine($"{fx.Clips.Count} clips ({(fx.Set.WasCached ? "cached" : $"generated in {fx.Set.GenerationTime.TotalSeconds:0.0} s")}, hashed in {fx.HashTime.TotalSeconds:0.0} s), {score.Pairs} pairs, {score.Positives} positive");
        output.WriteLine($"TP {score.TruePositives} FP {score.FalsePositives} FN {score.FalseNegatives}: precision {score.Precision:0.000} recall {score.Recall:0.000}");
        foreach (var x in score.FalsePositivePairs) output.WriteLine("FP " + x);
        foreach (var x in score.FalseNegativePairs) output.WriteLine("FN " + x);

        Assert.Equal(66, fx.Clips.Count);
        Assert.True(score.Precision >= 0.98, $"precision {score.Precision:0.000}; false positives:\n{string.Join("\n", score.FalsePositivePairs)}");
        Assert.True(score.Recall >= 0.95, $"recall {score.Recall:0.000}; false negatives:\n{string.Join("\n", score.FalseNegativePairs)}");
    }

    [Fact]
    public void Different_goals_of_the_same_match_are_never_merged()
    {
        var sameMatchNegatives = fx.Pairs.Where(p => !p.SameGoal && p.A.Clip.MatchId == p.B.Clip.MatchId).ToList();
        Assert.True(sameMatchNegatives.Count > 1000);
        var merged = sameMatchNegatives.Where(p => p.Match.IsMatch).Select(PairwiseEvaluation.Describe).ToList();
        Assert.True(merged.Count <= 2, string.Join("\n", merged));
    }

    [Fact]
    public void Bars_are_cropped_only_where_there_are_bars()
    {
        foreach (var c in fx.Clips)
        {
            var expected = c.Clip.Variant switch
            {
                "letterbox" => "crop=640:360:0:140",
                "pillarbox" => "crop=640:360:160:0",
                _ => null,
            };
            Assert.True(expected == c.Fingerprint.Crop, $"{c.Clip.Id}: crop {c.Fingerprint.Crop ?? "none"}, expected {expected ?? "none"}");
        }
    }

    [Fact]
    public void A_mirrored_copy_is_matched_as_mirrored()
    {
        var m = FingerprintMatcher.Compare(fx.Get("m1-g2/360p").Fingerprint, fx.Get("m1-g2/mirror").Fingerprint);
        Assert.True(m.IsMatch, m.ToString());
        Assert.True(m.Mirrored);
        Assert.False(FingerprintMatcher.Compare(fx.Get("m1-g2/360p").Fingerprint, fx.Get("m1-g2/mirror").Fingerprint,
            MatchOptions.Default with { CheckMirror = false }).IsMatch);
    }

    [Theory]
    [InlineData("m1-g1/trim-start", 2.3)]
    [InlineData("m1-g2/trim-both", 1.1)]
    [InlineData("m1-g3/trim-end", 0)]
    public void Trimmed_copies_are_aligned_at_their_trim_point(string id, double start)
    {
        var goal = id.Split('/')[0];
        var m = FingerprintMatcher.Compare(fx.Get($"{goal}/360p").Fingerprint, fx.Get(id).Fingerprint);
        Assert.True(m.IsMatch, m.ToString());
        Assert.InRange(m.OffsetSeconds, start - 0.3, start + 0.3);
    }

    [Fact]
    public void Clustering_the_set_gives_one_cluster_per_goal_and_keeps_the_sharpest_full_length_copy()
    {
        var candidates = fx.Clips
            .Where(c => c.Clip.GoalId is "m1-g1" or "m1-g2" or "m1-g5")
            .Select(c => new CandidateClip(c.Clip.Id, "synthetic", c.Probe, c.Fingerprint, Convert.ToHexString(System.Security.Cryptography.MD5.HashData(File.ReadAllBytes(c.Clip.Path)))))
            .ToList();
        var result = ClipClustering.Cluster(candidates, []);
        foreach (var c in result.Clusters) output.WriteLine($"{c.BestId} <- {string.Join(", ", c.CandidateIds)}");
        Assert.Equal(3, result.Clusters.Count);
        Assert.All(result.Clusters, c => Assert.Single(c.CandidateIds.Select(id => id.Split('/')[0]).Distinct()));
        // All copies are 9-12.6 s (none is more than 15 % longer than the 1080p one), so resolution decides.
        Assert.Equal(["m1-g1/1080p", "m1-g2/1080p", "m1-g5/1080p"], result.Clusters.Select(c => c.BestId).Order(StringComparer.Ordinal));
        Assert.Equal(14, result.Clusters.Single(c => c.BestId == "m1-g1/1080p").Popularity);
    }
}
