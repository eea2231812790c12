using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Footy.Media.Tests.FingerprintMatcherTests;

namespace Footy.Media.Tests;

public class ClipClusteringTests
{
    private static readonly ulong[][] Goals = [Footage(11, 200), Footage(12, 200), Footage(13, 200)];

    private static ClipProbe Probe(double seconds = 20, int shortEdge = 720, long bitRate = 2_000_000, long bytes = 5_000_000) =>
        new(seconds, shortEdge * 16 / 9, shortEdge, "h264", bitRate, bytes, true);

    private static VideoFingerprint Of(int goal, int start = 0, int length = 80, int seed = 0) =>
        Fp(Noisy(Goals[goal][start..(start + length)], seed, 4));

    private static CandidateClip Cand(string id, int goal, ClipProbe? probe = null, string? md5 = null, int start = 0) =>
        new(id, $"https://x.com/i/status/{id}", probe ?? Probe(), Of(goal, start, seed: id.GetHashCode(StringComparison.Ordinal) & 0xffff), md5 ?? $"md5-{id}");

    private static StoredClip Stored(string key, int goal, ClipProbe? probe = null, int popularity = 1, string? md5 = null, int start = 0) =>
        new(key, probe ?? Probe(), Of(goal, start, seed: key.Length), md5 ?? $"md5-{key}", popularity);

    [Fact]
    public void Copies_of_one_goal_form_one_cluster_and_the_best_is_stored_new()
    {
        var result = ClipClustering.Cluster(
            [Cand("a", 0, Probe(shortEdge: 720)), Cand("b", 0, Probe(shortEdge: 1080), start: 10), Cand("c", 1)], []);
        Assert.Equal(2, result.Clusters.Count);
        var goal0 = result.ClusterOfCandidate("a");
        Assert.Equal(["a", "b"], goal0.CandidateIds);
        Assert.Equal("b", goal0.BestId);
        Assert.Equal(2, goal0.Popularity);
        Assert.Equal("b", Assert.IsType<ClusterAction.StoreNew>(goal0.Action).Clip.Id);
        Assert.Equal(["a"], goal0.DiscardedCandidateIds);
        Assert.Equal(["c"], result.ClusterOfCandidate("c").CandidateIds);
    }

    [Fact]
    public void Exact_md5_copies_are_merged_even_without_a_fingerprint_match()
    {
        var a = Cand("a", 0, md5: "9E107D9D372BB6826BD81D3542A419D6");
        var b = Cand("b", 1, md5: "9e107d9d372bb6826bd81d3542a419d6"); // same file, case differs
        var result = ClipClustering.Cluster([a, b], []);
        Assert.Single(result.Clusters);
        Assert.Equal(2, result.Clusters[0].Popularity);
    }

    [Fact]
    public void Empty_md5s_never_count_as_equal()
        => Assert.Equal(2, ClipClustering.Cluster([Cand("a", 0, md5: ""), Cand("b", 1, md5: "")], []).Clusters.Count);

    [Fact]
    public void A_better_candidate_replaces_the_stored_clip_and_keeps_its_key()
    {
        var result = ClipClustering.Cluster(
            [Cand("new", 0, Probe(shortEdge: 1080))],
            [Stored("100/ev/ev_abcd1234.mp4", 0, Probe(shortEdge: 720), popularity: 3)]);
        var cluster = Assert.Single(result.Clusters);
        var replace = Assert.IsType<ClusterAction.ReplaceStored>(cluster.Action);
        Assert.Equal("100/ev/ev_abcd1234.mp4", replace.StoredKey);
        Assert.Equal("new", replace.Clip.Id);
        Assert.Equal("replace stored clip 100/ev/ev_abcd1234.mp4 (keep its key) with new", replace.ToString());
        Assert.Equal(4, cluster.Popularity);
        Assert.Empty(cluster.DiscardedCandidateIds);
    }

    [Fact]
    public void A_worse_candidate_only_raises_the_stored_clips_popularity()
    {
        var cluster = Assert.Single(ClipClustering.Cluster([Cand("new", 0, Probe(shortEdge: 480))], [Stored("k", 0, Probe(shortEdge: 1080), popularity: 2)]).Clusters);
        Assert.Equal(new ClusterAction.KeepStored("k"), cluster.Action);
        Assert.Equal(3, cluster.Popularity);
        Assert.Equal(["new"], cluster.DiscardedCandidateIds);
    }

    [Fact]
    public void Every_stored_clip_is_compared_not_only_the_first()
    {
        // The reference system merged a candidate only into the first stored clip it matched.
        var result = ClipClustering.Cluster([Cand("c", 1)], [Stored("first", 0), Stored("second", 1)]);
        Assert.Equal(["second"], result.ClusterOfCandidate("c").StoredKeys);
        Assert.Equal(["first"], result.Clusters.Single(c => c.StoredKeys.Contains("first")).StoredKeys);
    }

    [Fact]
    public void A_candidate_matching_two_stored_clips_joins_them_and_the_extra_one_is_redundant()
    {
        // Stored clips are the two halves of the goal (they do not overlap); the candidate covers both.
        var result = ClipClustering.Cluster(
            [Cand("full", 0, Probe(seconds: 40, shortEdge: 720), start: 0) with { Fingerprint = Of(0, 0, 160, 5) }],
            [Stored("early", 0, Probe(seconds: 15), start: 0) with { Fingerprint = Of(0, 0, 60, 6) },
             Stored("late", 0, Probe(seconds: 15), start: 0) with { Fingerprint = Of(0, 100, 60, 7) }]);
        var cluster = Assert.Single(result.Clusters);
        Assert.Equal(["early", "late"], cluster.StoredKeys);
        var replace = Assert.IsType<ClusterAction.ReplaceStored>(cluster.Action); // 40 s is clearly longer
        Assert.Equal("early", replace.StoredKey);
        Assert.Equal(["late"], cluster.RedundantStoredKeys);
        Assert.Equal(3, cluster.Popularity);
    }

    [Theory]
    [InlineData(12.0, 720, 10.0, 1080, "x")] // 20 % longer: length wins
    [InlineData(11.0, 720, 10.0, 1080, "y")] // 10 % longer: resolution wins
    [InlineData(11.5, 720, 10.0, 1080, "y")] // exactly 15 % is not "more than 15 %"
    [InlineData(11.6, 480, 10.0, 1080, "x")]
    public void Longer_wins_only_when_clearly_longer(double xs, int xEdge, double ys, int yEdge, string expected)
        => Assert.Equal(expected, ClipClustering.ChooseBest([new RankedClip("x", Probe(xs, xEdge), false), new RankedClip("y", Probe(ys, yEdge), false)]).Id);

    [Fact]
    public void Ties_fall_through_bitrate_size_stored_then_id()
    {
        RankedClip R(string id, long bitRate = 2_000_000, long bytes = 5_000_000, bool stored = false) => new(id, Probe(20, 720, bitRate, bytes), stored);
        Assert.Equal("b", ClipClustering.ChooseBest([R("a", bitRate: 1_000_000), R("b", bitRate: 3_000_000)]).Id);
        Assert.Equal("a", ClipClustering.ChooseBest([R("a", bytes: 9), R("b", bytes: 8)]).Id);
        Assert.Equal("z", ClipClustering.ChooseBest([R("a"), R("z", stored: true)]).Id);
        Assert.Equal("a", ClipClustering.ChooseBest([R("b"), R("a")]).Id);
    }

    [Fact]
    public void The_rule_is_decided_on_the_whole_cluster_even_where_pairwise_preference_cycles()
    {
        // Pairwise: 10s@1080 beats 11s@720 (resolution) beats 12s@480 (resolution) beats 10s@1080 (20 % longer).
        // On the cluster: longest 12 s, so 10 s is out (12 > 10 x 1.15); 11 s@720 beats 12 s@480.
        var best = ClipClustering.ChooseBest([new RankedClip("p", Probe(10, 1080), false), new RankedClip("q", Probe(11, 720), false), new RankedClip("r", Probe(12, 480), false)]);
        Assert.Equal("q", best.Id);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
        => Assert.Throws<ArgumentException>(() => ClipClustering.Cluster([Cand("a", 0), Cand("a", 1)], []));

    [Fact]
    public void A_custom_matcher_can_be_injected()
    {
        var result = ClipClustering.Cluster([Cand("a", 0), Cand("b", 1)], [], matches: (_, _) => true);
        Assert.Single(result.Clusters);
    }

    // ---------- properties ----------

    public sealed record Scenario(List<CandidateClip> Candidates, List<StoredClip> Stored, int Seed)
    {
        public override string ToString() => $"seed {Seed}: {Candidates.Count} candidates, {Stored.Count} stored";
    }

    private static Scenario Build(int seed)
    {
        var rng = new Random(seed);
        int[] edges = [360, 720, 1080];
        long[] rates = [1_000_000, 2_000_000, 4_000_000];
        ClipProbe RandomProbe(int frames)
        {
            var height = edges[rng.Next(3)];
            // durations from the frame count plus up to 1 s, sizes and bit rates from small sets: plenty of ties
            return new ClipProbe(Math.Round(frames * 0.25 + rng.NextDouble(), 1), height * 16 / 9, height, "h264",
                rates[rng.Next(3)], rng.Next(3) * 1_000_000, true);
        }
        VideoFingerprint RandomFp(out int frames)
        {
            var goal = rng.Next(Goals.Length);
            var start = rng.Next(0, 100);
            frames = rng.Next(20, 100);
            return Fp(Noisy(Goals[goal][start..(start + frames)], rng.Next(), 4));
        }
        string Md5() => rng.Next(5) == 0 ? new[] { "dup-1", "dup-2" }[rng.Next(2)] : $"u{rng.Next():x8}{rng.Next():x8}";
        var candidates = Enumerable.Range(0, rng.Next(0, 7)).Select(i =>
        {
            var fp = RandomFp(out var frames);
            return new CandidateClip($"c{i}", "src", RandomProbe(frames), fp, Md5());
        }).ToList();
        var stored = Enumerable.Range(0, rng.Next(0, 4)).Select(i =>
        {
            var fp = RandomFp(out var frames);
            return new StoredClip($"s{i}", RandomProbe(frames), fp, Md5(), rng.Next(1, 4));
        }).ToList();
        return new Scenario(candidates, stored, seed);
    }

    private static readonly Arbitrary<Scenario> Scenarios = Arb.From(Gen.Choose(0, int.MaxValue - 1).Select(Build));

    private static string Canonical(ClusteringResult r) => string.Join(" || ", r.Clusters.Select(c =>
        $"S[{string.Join(",", c.StoredKeys)}] C[{string.Join(",", c.CandidateIds)}] best={c.BestId}/{c.BestIsStored} pop={c.Popularity} {c.Action} red[{string.Join(",", c.RedundantStoredKeys)}] disc[{string.Join(",", c.DiscardedCandidateIds)}]"));

    private static List<T> Shuffle<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    [Property(MaxTest = 150)]
    public Property Clustering_is_deterministic_and_independent_of_input_order() =>
        Prop.ForAll(Scenarios, s =>
        {
            var first = Canonical(ClipClustering.Cluster(s.Candidates, s.Stored));
            var again = Canonical(ClipClustering.Cluster(s.Candidates, s.Stored));
            var shuffled = Canonical(ClipClustering.Cluster(Shuffle(s.Candidates, s.Seed), Shuffle(s.Stored, s.Seed + 1)));
            var reversed = Canonical(ClipClustering.Cluster(Enumerable.Reverse(s.Candidates).ToList(), Enumerable.Reverse(s.Stored).ToList()));
            return (first == again && first == shuffled && first == reversed).Label($"{first}\n vs {shuffled}\n vs {reversed}");
        });

    [Property(MaxTest = 150)]
    public Property Every_clip_is_in_exactly_one_cluster_and_popularity_adds_up() =>
        Prop.ForAll(Scenarios, s =>
        {
            var r = ClipClustering.Cluster(s.Candidates, s.Stored);
            var candidateIds = r.Clusters.SelectMany(c => c.CandidateIds).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var storedKeys = r.Clusters.SelectMany(c => c.StoredKeys).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var popularity = r.Clusters.Sum(c => c.Popularity) == s.Stored.Sum(x => x.Popularity) + s.Candidates.Count;
            var perCluster = r.Clusters.All(c => c.Popularity == c.CandidateIds.Count + s.Stored.Where(x => c.StoredKeys.Contains(x.Key)).Sum(x => x.Popularity));
            return candidateIds.SequenceEqual(s.Candidates.Select(c => c.Id).OrderBy(x => x, StringComparer.Ordinal))
                   && storedKeys.SequenceEqual(s.Stored.Select(c => c.Key).OrderBy(x => x, StringComparer.Ordinal))
                   && popularity && perCluster && r.Clusters.All(c => c.CandidateIds.Count + c.StoredKeys.Count > 0);
        });

    [Property(MaxTest = 150)]
    public Property Clusters_are_the_connected_components_of_md5_and_fingerprint_matches() =>
        Prop.ForAll(Scenarios, s =>
        {
            var nodes = s.Stored.Select(x => (Id: "S:" + x.Key, Stored: true, x.Md5, x.Fingerprint))
                .Concat(s.Candidates.Select(x => (Id: "C:" + x.Id, Stored: false, x.Md5, x.Fingerprint))).ToList();
            bool Edge(int i, int j) =>
                (!string.IsNullOrWhiteSpace(nodes[i].Md5) && string.Equals(nodes[i].Md5, nodes[j].Md5, StringComparison.OrdinalIgnoreCase))
                || (!(nodes[i].Stored && nodes[j].Stored) && FingerprintMatcher.Compare(nodes[i].Fingerprint, nodes[j].Fingerprint).IsMatch);
            var component = new int[nodes.Count];
            Array.Fill(component, -1);
            for (var start = 0; start < nodes.Count; start++)
            {
                if (component[start] >= 0) continue;
                var stack = new Stack<int>([start]);
                component[start] = start;
                while (stack.Count > 0)
                {
                    var i = stack.Pop();
                    for (var j = 0; j < nodes.Count; j++)
                        if (component[j] < 0 && Edge(i, j)) { component[j] = start; stack.Push(j); }
                }
            }
            var expected = nodes.Select((n, i) => (n.Id, component[i])).GroupBy(x => x.Item2)
                .Select(g => string.Join(",", g.Select(x => x.Id).OrderBy(x => x, StringComparer.Ordinal))).OrderBy(x => x, StringComparer.Ordinal);
            var actual = ClipClustering.Cluster(s.Candidates, s.Stored).Clusters
                .Select(c => string.Join(",", c.StoredKeys.Select(k => "S:" + k).Concat(c.CandidateIds.Select(k => "C:" + k)).OrderBy(x => x, StringComparer.Ordinal)))
                .OrderBy(x => x, StringComparer.Ordinal);
            return expected.SequenceEqual(actual);
        });

    [Property(MaxTest = 150)]
    public Property The_chosen_copy_dominates_by_the_rule_and_the_action_follows_from_it() =>
        Prop.ForAll(Scenarios, s =>
        {
            var probes = s.Candidates.ToDictionary(c => "C:" + c.Id, c => c.Probe);
            foreach (var st in s.Stored) probes["S:" + st.Key] = st.Probe;
            foreach (var c in ClipClustering.Cluster(s.Candidates, s.Stored).Clusters)
            {
                var members = c.StoredKeys.Select(k => (Key: "S:" + k, Id: k, Stored: true)).Concat(c.CandidateIds.Select(k => (Key: "C:" + k, Id: k, Stored: false))).ToList();
                var best = probes[(c.BestIsStored ? "S:" : "C:") + c.BestId];
                var longest = members.Max(m => probes[m.Key].DurationSeconds);
                if (longest > best.DurationSeconds * 1.15) return false.Label($"a member is clearly longer than {c.BestId}");
                foreach (var m in members)
                {
                    var p = probes[m.Key];
                    if (longest > p.DurationSeconds * 1.15) continue; // clearly shorter than the longest: not eligible
                    var cmp = (best.ShortEdge, best.BitRate, best.Bytes, c.BestIsStored ? 1 : 0).CompareTo((p.ShortEdge, p.BitRate, p.Bytes, m.Stored ? 1 : 0));
                    if (cmp < 0 || (cmp == 0 && m.Stored == c.BestIsStored && string.CompareOrdinal(m.Id, c.BestId) < 0))
                        return false.Label($"{m.Id} beats {c.BestId}");
                }
                var actionOk = c.Action switch
                {
                    ClusterAction.StoreNew n => c.StoredKeys.Count == 0 && n.Clip.Id == c.BestId,
                    ClusterAction.KeepStored k => c.BestIsStored && k.StoredKey == c.BestId,
                    ClusterAction.ReplaceStored r => !c.BestIsStored && c.StoredKeys.Contains(r.StoredKey) && r.Clip.Id == c.BestId
                                                     && !c.RedundantStoredKeys.Contains(r.StoredKey) && c.RedundantStoredKeys.Count == c.StoredKeys.Count - 1,
                    _ => false,
                };
                if (!actionOk) return false.Label($"action {c.Action} inconsistent");
            }
            return true.ToProperty();
        });
}
