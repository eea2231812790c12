using System.Text;

namespace Footy.Storage;

/// <summary>
/// What the daemon stores about one clip next to its bytes. On S3 it becomes user metadata
/// (<c>x-amz-meta-*</c>, see <see cref="ClipMetadataCodec.ToObjectMetadata"/>); on the filesystem a JSON sidecar
/// (<see cref="ClipMetadataCodec.ToSidecarJson"/>). Equality compares <see cref="SourceIds"/> element by element.
/// </summary>
/// <param name="GoalId">Goal id (digits and dashes); must match the clip key's.</param>
/// <param name="FixtureId">Fixture id; must match the clip key's.</param>
/// <param name="Player">Scorer's display name, any Unicode (e.g. "Á. Di María").</param>
/// <param name="Team">Scoring (benefiting) team's display name, any Unicode.</param>
/// <param name="SourceIds">Ids of the posts the clip was found in (e.g. tweet ids), most relevant first.</param>
/// <param name="DurationSeconds">Clip duration in seconds (finite, not negative).</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="BitRate">Bit rate in bits per second.</param>
/// <param name="Popularity">Number of copies of this clip seen.</param>
public sealed record ClipMetadata(
    string GoalId,
    long FixtureId,
    string Player,
    string Team,
    IReadOnlyList<string> SourceIds,
    double DurationSeconds,
    int Width,
    int Height,
    long BitRate,
    int Popularity)
{
    /// <summary>Metadata that only knows the key (used when a stored clip has no readable metadata).</summary>
    public static ClipMetadata KeyOnly(ClipKey key) => new(key.GoalId, key.FixtureId, "", "", [], 0, 0, 0, 0, 0);

    /// <summary>Every problem with these values, each naming the field; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!ClipKey.IsValidGoalId(GoalId))
            problems.Add($"{nameof(GoalId)} {ClipKey.Quote(GoalId)} must be ASCII digits separated by single dashes.");
        if (FixtureId <= 0) problems.Add($"{nameof(FixtureId)} must be positive (was {FixtureId}).");
        if (Player is null) problems.Add($"{nameof(Player)} must not be null (use \"\" when unknown).");
        if (Team is null) problems.Add($"{nameof(Team)} must not be null (use \"\" when unknown).");
        if (SourceIds is null) problems.Add($"{nameof(SourceIds)} must not be null (use an empty list).");
        else if (SourceIds.Any(string.IsNullOrEmpty)) problems.Add($"{nameof(SourceIds)} must not contain null or empty ids.");
        if (!double.IsFinite(DurationSeconds) || DurationSeconds < 0)
            problems.Add($"{nameof(DurationSeconds)} must be a finite number >= 0 (was {DurationSeconds}).");
        if (Width < 0) problems.Add($"{nameof(Width)} must be >= 0 (was {Width}).");
        if (Height < 0) problems.Add($"{nameof(Height)} must be >= 0 (was {Height}).");
        if (BitRate < 0) problems.Add($"{nameof(BitRate)} must be >= 0 (was {BitRate}).");
        if (Popularity < 0) problems.Add($"{nameof(Popularity)} must be >= 0 (was {Popularity}).");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid clip metadata: " + string.Join(" ", problems));
    }

    /// <summary>Throws unless this metadata is valid and belongs to <paramref name="key"/>.</summary>
    public void ValidateFor(ClipKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Validate();
        if (GoalId != key.GoalId || FixtureId != key.FixtureId)
            throw new ArgumentException(
                $"Clip metadata is for goal {GoalId} of fixture {FixtureId} but the key {key} is for goal {key.GoalId} of fixture {key.FixtureId}.");
    }

    public bool Equals(ClipMetadata? other) =>
        other is not null
        && GoalId == other.GoalId && FixtureId == other.FixtureId && Player == other.Player && Team == other.Team
        && DurationSeconds.Equals(other.DurationSeconds) && Width == other.Width && Height == other.Height
        && BitRate == other.BitRate && Popularity == other.Popularity
        && (ReferenceEquals(SourceIds, other.SourceIds)
            || (SourceIds is not null && other.SourceIds is not null && SourceIds.SequenceEqual(other.SourceIds, StringComparer.Ordinal)));

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(GoalId);
        h.Add(FixtureId);
        h.Add(Player);
        h.Add(Team);
        h.Add(DurationSeconds);
        h.Add(Width);
        h.Add(Height);
        h.Add(BitRate);
        h.Add(Popularity);
        if (SourceIds is not null)
            foreach (var s in SourceIds) h.Add(s, StringComparer.Ordinal);
        return h.ToHashCode();
    }

    private bool PrintMembers(StringBuilder sb)
    {
        sb.Append($"GoalId = {GoalId}, FixtureId = {FixtureId}, Player = {Player}, Team = {Team}, ");
        sb.Append($"SourceIds = [{(SourceIds is null ? "" : string.Join(", ", SourceIds))}], ");
        sb.Append($"DurationSeconds = {DurationSeconds}, Width = {Width}, Height = {Height}, BitRate = {BitRate}, Popularity = {Popularity}");
        return true;
    }
}
