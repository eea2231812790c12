namespace Footy.Media;

/// <summary>A freshly downloaded, probed and fingerprinted clip for a goal.</summary>
public sealed record CandidateClip(string Id, string Source, ClipProbe Probe, VideoFingerprint Fingerprint, string Md5);

/// <summary>A clip already stored for the goal. <see cref="Popularity"/> = copies merged into it so far (at least 1).</summary>
public sealed record StoredClip(string Key, ClipProbe Probe, VideoFingerprint Fingerprint, string Md5, int Popularity = 1);

/// <param name="Match">Fingerprint match thresholds.</param>
/// <param name="ClearlyLongerFactor">A clip is "clearly longer" than another when its duration exceeds the other's
/// times this factor (1.15 = more than 15 % longer).</param>
public sealed record ClusteringOptions(MatchOptions? Match = null, double ClearlyLongerFactor = 1.15)
{
    public static ClusteringOptions Default { get; } = new();
    public MatchOptions MatchOrDefault => Match ?? MatchOptions.Default;
}

/// <summary>What to do with one cluster of duplicates.</summary>
public abstract record ClusterAction
{
    /// <summary>No stored clip in the cluster: upload this candidate as a new clip.</summary>
    public sealed record StoreNew(CandidateClip Clip) : ClusterAction
    {
        public override string ToString() => $"store new clip {Clip.Id}";
    }

    /// <summary>The candidate beats the stored clip: replace stored clip <see cref="StoredKey"/>'s object, KEEPING ITS KEY
    /// (URLs already shared keep working), and update its metadata and popularity.</summary>
    public sealed record ReplaceStored(string StoredKey, CandidateClip Clip) : ClusterAction
    {
        public override string ToString() => $"replace stored clip {StoredKey} (keep its key) with {Clip.Id}";
    }

    /// <summary>The stored clip stays; only its popularity changes (if candidates were merged).</summary>
    public sealed record KeepStored(string StoredKey) : ClusterAction
    {
        public override string ToString() => $"keep stored clip {StoredKey}";
    }
}

/// <summary>
/// One group of copies of the same footage. <see cref="Popularity"/> = the stored clips' popularity plus the number of
/// candidates merged (every copy seen counts once, exact MD5 duplicates included). <see cref="RedundantStoredKeys"/>
/// are other stored clips that a candidate has now shown to be the same footage (it matched both): delete them (their
/// popularity is already counted here). <see cref="DiscardedCandidateIds"/> are candidates not kept.
/// </summary>
public sealed record ClipCluster(
    IReadOnlyList<string> CandidateIds,
    IReadOnlyList<string> StoredKeys,
    string BestId,
    bool BestIsStored,
    int Popularity,
    ClusterAction Action,
    IReadOnlyList<string> RedundantStoredKeys,
    IReadOnlyList<string> DiscardedCandidateIds)
{
    public bool HasNewCopies => CandidateIds.Count > 0;
}

public sealed record ClusteringResult(IReadOnlyList<ClipCluster> Clusters)
{
    public ClipCluster ClusterOfCandidate(string id) => Clusters.Single(c => c.CandidateIds.Contains(id));
}

/// <summary>A clip as seen by the best-copy rule.</summary>
public sealed record RankedClip(string Id, ClipProbe Probe, bool Stored);

/// <summary>
/// Groups duplicate clips of one goal and picks the copy to keep. Pure and deterministic: the result does not depend on
/// the order of either input list.
///
/// Grouping: union-find over all clips. Two clips are joined when their MD5s are equal (case-insensitive, non-empty) or
/// their fingerprints match (<see cref="FingerprintMatcher"/>). Every candidate is compared with every other candidate
/// and with EVERY stored clip (not only the first match), so transitivity holds: a candidate matching two stored clips
/// puts all three in one cluster. Stored clips are not compared with each other (they were told apart when stored, and
/// the matcher is deterministic), but they can end up together through a candidate.
///
/// Best copy (<see cref="ChooseBest"/>): among the clips that are not clearly shorter than the longest one in the
/// cluster (longest &lt;= duration x 1.15), take the highest short edge, then the highest bit rate, then the largest file,
/// then an already-stored clip (an equivalent copy is not worth a re-upload), then the lowest id (ordinal). So a clip
/// more than 15 % longer than every rival wins on length alone; otherwise quality decides. This is a rule on the whole
/// cluster: pairwise "longer if clearly longer, else sharper" is not transitive (10 s@1080p beats 11 s@720p beats
/// 12 s@480p beats 10 s@1080p), so it could not define a best copy on its own.
/// </summary>
public static class ClipClustering
{
    public static ClusteringResult Cluster(
        IReadOnlyList<CandidateClip> candidates,
        IReadOnlyList<StoredClip> stored,
        ClusteringOptions? options = null,
        Func<VideoFingerprint, VideoFingerprint, bool>? matches = null)
    {
        var o = options ?? ClusteringOptions.Default;
        var match = o.MatchOrDefault;
        matches ??= (a, b) => FingerprintMatcher.Compare(a, b, match).IsMatch;

        // Canonical order: stored by key, then candidates by id. Ids must be unique within each kind.
        var storedSorted = stored.OrderBy(s => s.Key, StringComparer.Ordinal).ToArray();
        var candidateSorted = candidates.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        EnsureUnique(storedSorted.Select(s => s.Key), "stored clip key");
        EnsureUnique(candidateSorted.Select(c => c.Id), "candidate id");

        var members = new List<Member>(storedSorted.Length + candidateSorted.Length);
        members.AddRange(storedSorted.Select(s => new Member(s.Key, true, s.Probe, s.Fingerprint, s.Md5, Math.Max(1, s.Popularity), null)));
        members.AddRange(candidateSorted.Select(c => new Member(c.Id, false, c.Probe, c.Fingerprint, c.Md5, 1, c)));

        var sets = new UnionFind(members.Count);
        // 1. Exact copies.
        for (var i = 0; i < members.Count; i++)
            for (var j = i + 1; j < members.Count; j++)
                if (SameMd5(members[i].Md5, members[j].Md5)) sets.Union(i, j);
        // 2. Perceptual matches: candidate x candidate and candidate x stored (never stored x stored).
        for (var i = 0; i < members.Count; i++)
            for (var j = i + 1; j < members.Count; j++)
            {
                if (members[i].Stored && members[j].Stored) continue;
                if (sets.Find(i) == sets.Find(j)) continue; // already together: the partition cannot change
                if (matches(members[i].Fingerprint, members[j].Fingerprint)) sets.Union(i, j);
            }

        var clusters = Enumerable.Range(0, members.Count)
            .GroupBy(sets.Find)
            .Select(g => BuildCluster(g.Select(i => members[i]).ToList(), o))
            .OrderBy(c => c.StoredKeys.Count == 0 ? 1 : 0)
            .ThenBy(c => c.StoredKeys.Count > 0 ? c.StoredKeys[0] : c.CandidateIds[0], StringComparer.Ordinal)
            .ToList();
        return new ClusteringResult(clusters);
    }

    /// <summary>The best copy by the documented rule (see the class summary). Order-independent.</summary>
    public static RankedClip ChooseBest(IReadOnlyCollection<RankedClip> clips, double clearlyLongerFactor = 1.15)
    {
        if (clips.Count == 0) throw new ArgumentException("no clips", nameof(clips));
        var longest = clips.Max(c => c.Probe.DurationSeconds);
        return clips
            .Where(c => !IsClearlyLonger(longest, c.Probe.DurationSeconds, clearlyLongerFactor))
            .OrderByDescending(c => c.Probe.ShortEdge)
            .ThenByDescending(c => c.Probe.BitRate)
            .ThenByDescending(c => c.Probe.Bytes)
            .ThenBy(c => c.Stored ? 0 : 1)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .First();
    }

    /// <summary>True when <paramref name="longer"/> exceeds <paramref name="shorter"/> x factor.</summary>
    public static bool IsClearlyLonger(double longer, double shorter, double factor = 1.15) => longer > shorter * factor;

    private static ClipCluster BuildCluster(List<Member> members, ClusteringOptions o)
    {
        var storedKeys = members.Where(m => m.Stored).Select(m => m.Id).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var candidateIds = members.Where(m => !m.Stored).Select(m => m.Id).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var best = ChooseBest(members.Select(m => new RankedClip(m.Id, m.Probe, m.Stored)).ToList(), o.ClearlyLongerFactor);
        var popularity = members.Sum(m => m.Copies);

        ClusterAction action;
        List<string> redundant;
        if (storedKeys.Count == 0)
        {
            action = new ClusterAction.StoreNew(members.Single(m => !m.Stored && m.Id == best.Id).Candidate!);
            redundant = [];
        }
        else if (best.Stored)
        {
            action = new ClusterAction.KeepStored(best.Id);
            redundant = storedKeys.Where(k => k != best.Id).ToList();
        }
        else
        {
            // The candidate takes the place (and key) of the best stored clip by the same rule.
            var target = ChooseBest(members.Where(m => m.Stored).Select(m => new RankedClip(m.Id, m.Probe, true)).ToList(), o.ClearlyLongerFactor);
            action = new ClusterAction.ReplaceStored(target.Id, members.Single(m => !m.Stored && m.Id == best.Id).Candidate!);
            redundant = storedKeys.Where(k => k != target.Id).ToList();
        }
        var discarded = candidateIds.Where(id => best.Stored || id != best.Id).ToList();
        return new ClipCluster(candidateIds, storedKeys, best.Id, best.Stored, popularity, action, redundant, discarded);
    }

    private static bool SameMd5(string a, string b) =>
        !string.IsNullOrWhiteSpace(a) && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static void EnsureUnique(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new ArgumentException($"duplicate {what} '{id}'");
    }

    private sealed record Member(string Id, bool Stored, ClipProbe Probe, VideoFingerprint Fingerprint, string Md5, int Copies, CandidateClip? Candidate);

    private sealed class UnionFind
    {
        private readonly int[] _parent;
        public UnionFind(int n) { _parent = new int[n]; for (var i = 0; i < n; i++) _parent[i] = i; }

        public int Find(int x)
        {
            while (_parent[x] != x) { _parent[x] = _parent[_parent[x]]; x = _parent[x]; }
            return x;
        }

        // The smaller index becomes the root, so roots do not depend on the order of unions.
        public void Union(int a, int b)
        {
            int ra = Find(a), rb = Find(b);
            if (ra == rb) return;
            if (ra < rb) _parent[rb] = ra; else _parent[ra] = rb;
        }
    }
}
