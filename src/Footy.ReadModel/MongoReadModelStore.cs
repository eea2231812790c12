using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Footy.ReadModel;

/// <summary>
/// The read model in MongoDB, shaped for a website: one document per fixture in <c>fixtures</c> holding its goals, each with
/// its clips best first, and one per projected stream in <c>projection_positions</c>. A thin adapter: the projection's fold
/// and the ordering rules live in the documents (<see cref="FixtureDocument"/>, <see cref="GoalDocument"/>), shared with the
/// SQL stores and their contract tests. Without a replica set MongoDB has no multi-document transaction: documents are written
/// before the position, so a crash between them replays the batch, which rewrites the same documents.
/// </summary>
public sealed class MongoReadModelStore : IReadModelStore
{
    private const string Fixtures = "fixtures", Positions = "projection_positions", StagingPrefix = "staging_";

    private readonly IMongoDatabase _db;
    private readonly string _prefix;
    private readonly IMongoCollection<BsonDocument> _fixtures;
    private readonly IMongoCollection<BsonDocument> _positions;
    private volatile bool _indexesReady;

    public MongoReadModelStore(string connectionString, string database)
        : this(new MongoClient(connectionString).GetDatabase(database), "")
    {
    }

    /// <summary>The collections <paramref name="prefix"/><c>fixtures</c> and <paramref name="prefix"/><c>projection_positions</c>.</summary>
    private MongoReadModelStore(IMongoDatabase db, string prefix)
    {
        (_db, _prefix) = (db, prefix);
        _fixtures = db.GetCollection<BsonDocument>(prefix + Fixtures);
        _positions = db.GetCollection<BsonDocument>(prefix + Positions);
    }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_indexesReady) return;
        var keys = Builders<BsonDocument>.IndexKeys;
        await _fixtures.Indexes.CreateManyAsync([
            new CreateIndexModel<BsonDocument>(keys.Ascending("day").Ascending("kickoff"), new CreateIndexOptions { Name = "day_kickoff" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("goals.id"), new CreateIndexOptions { Name = "goal_id" }),
        ], ct);
        _indexesReady = true;
    }

    public async Task<IReadOnlyList<PublishedFixture>> FixturesOnAsync(DateOnly day, CancellationToken ct = default)
    {
        var found = await _fixtures.Find(Builders<BsonDocument>.Filter.Eq("day", DayText(day))).ToListAsync(ct);
        return found.Select(d => (Fixture: ReadFixture(d)!, Goals: ReadGoals(d)))
            .OrderBy(f => f.Fixture.Kickoff).ThenBy(f => f.Fixture.Id)
            .Select(f => f.Fixture.Publish(GoalDocument.InMatchOrder(f.Goals.Where(g => g.IsPublished)).Select(g => g.Publish()).ToList()))
            .ToList();
    }

    public async Task<PublishedGoal?> GoalAsync(string goalId, CancellationToken ct = default)
    {
        var found = await _fixtures.Find(Builders<BsonDocument>.Filter.Eq("goals.id", goalId)).FirstOrDefaultAsync(ct);
        return found is null ? null : ReadGoals(found).SingleOrDefault(g => g.Id == goalId) is { IsPublished: true } goal ? goal.Publish() : null;
    }

    public async Task<IReadOnlyList<DateOnly>> DaysAsync(CancellationToken ct = default)
    {
        var days = await _fixtures.Distinct<string>("day", Builders<BsonDocument>.Filter.Exists("day"), cancellationToken: ct).ToListAsync(ct);
        return days.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Order().ToList();
    }

    public async Task<long> PositionAsync(CancellationToken ct = default) =>
        (await PositionsAsync(ct)).Select(p => p.Offset).DefaultIfEmpty(0).Max();

    public async Task<IReadOnlyList<StreamPosition>> PositionsAsync(CancellationToken ct = default)
    {
        var found = await _positions.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(ct);
        return found.Select(d => new StreamPosition(d["_id"].AsString, d["position"].ToInt64(), Time(d["eventWrittenAt"])))
            .OrderBy(p => p.Stream, StringComparer.Ordinal).ToList();
    }

    public async Task<ReadModelCounts> CountsAsync(CancellationToken ct = default)
    {
        var pipeline = PipelineDefinition<BsonDocument, BsonDocument>.Create(
            new BsonDocument("$unwind", "$goals"),
            new BsonDocument("$group", new BsonDocument
            {
                ["_id"] = "$goals.state",
                ["goals"] = new BsonDocument("$sum", 1),
                ["clips"] = new BsonDocument("$sum", new BsonDocument("$size", "$goals.clips")),
                ["rejected"] = new BsonDocument("$sum", "$goals.clipsRejected"),
            }));
        var states = await _fixtures.Aggregate(pipeline, cancellationToken: ct).ToListAsync(ct);
        return new ReadModelCounts(states.ToDictionary(s => s["_id"].AsString, s => s["goals"].ToInt32()), states.Sum(s => s["clips"].ToInt32()),
            states.Sum(s => s["rejected"].ToInt32()));
    }

    public async Task<StoredDocuments> LoadAsync(IReadOnlyCollection<long> fixtures, IReadOnlyCollection<string> goals, CancellationToken ct = default)
    {
        var filter = Builders<BsonDocument>.Filter;
        var found = await _fixtures.Find(filter.Or(filter.In("_id", fixtures), filter.In("goals.id", goals))).ToListAsync(ct);
        var wanted = goals.ToHashSet(StringComparer.Ordinal);
        return new StoredDocuments(
            found.Select(ReadFixture).OfType<FixtureDocument>().Where(f => fixtures.Contains(f.Id)).ToDictionary(f => f.Id),
            found.SelectMany(ReadGoals).Where(g => wanted.Contains(g.Id)).ToDictionary(g => g.Id, StringComparer.Ordinal));
    }

    public async Task CommitAsync(ReadModelBatch batch, CancellationToken ct = default)
    {
        var touched = batch.Fixtures.Select(f => f.Id).Concat(batch.Goals.Select(g => g.Fixture)).Concat(batch.Purges.Select(p => p.Fixture))
            .Distinct().ToList();
        var existing = (await _fixtures.Find(Builders<BsonDocument>.Filter.In("_id", touched)).ToListAsync(ct))
            .ToDictionary(d => d["_id"].ToInt64());
        foreach (var id in touched)
        {
            var document = existing.TryGetValue(id, out var known) ? known : new BsonDocument("_id", id);
            if (batch.Fixtures.LastOrDefault(f => f.Id == id) is { } fixture) WriteFixture(document, fixture);
            if (!document.Contains(PurgedAt) && batch.Purges.FirstOrDefault(p => p.Fixture == id) is { } purge)
                document[PurgedAt] = purge.At.UtcDateTime;
            var goals = ReadGoals(document).ToDictionary(g => g.Id, StringComparer.Ordinal);
            foreach (var goal in batch.Goals.Where(g => g.Fixture == id)) goals[goal.Id] = goal;
            // A purged fixture's goals keep no clips, whichever batch brought them (one read before the purge included).
            var purged = document.Contains(PurgedAt);
            document["goals"] = new BsonArray(GoalDocument.InMatchOrder(goals.Values).Select(g => GoalBson(purged ? g with { Clips = [] } : g, document)));
            await _fixtures.ReplaceOneAsync(Builders<BsonDocument>.Filter.Eq("_id", id), document, new ReplaceOptions { IsUpsert = true }, ct);
        }
        var filter = Builders<BsonDocument>.Filter;
        var position = batch.Position;
        try
        {
            await _positions.UpdateOneAsync(
                filter.And(filter.Eq("_id", position.Stream), filter.Lt("position", position.Offset)),
                Builders<BsonDocument>.Update.Set("position", position.Offset).Set("eventWrittenAt", position.EventWrittenAt.UtcDateTime),
                new UpdateOptions { IsUpsert = true }, ct);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The stream is already at or past this position: the upsert's insert collided with it, nothing to move.
        }
    }

    public async Task ResetAsync(CancellationToken ct = default)
    {
        await _fixtures.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty, ct);
        await _positions.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty, ct);
    }

    public IReadModelStore Staging() => new MongoReadModelStore(_db, StagingPrefix);

    /// <summary>
    /// Purged fixtures are copied into the staging collection first (a rebuild cannot bring them back), then each staging
    /// collection is renamed over the live one: readers see the old fixtures or the new ones, never a half-built day.
    /// </summary>
    public async Task PublishStagingAsync(CancellationToken ct = default)
    {
        var staging = _db.GetCollection<BsonDocument>(StagingPrefix + Fixtures);
        foreach (var purged in await _fixtures.Find(Builders<BsonDocument>.Filter.Exists(PurgedAt)).ToListAsync(ct))
            await staging.ReplaceOneAsync(Builders<BsonDocument>.Filter.Eq("_id", purged["_id"]), purged, new ReplaceOptions { IsUpsert = true }, ct);
        // A collection nothing was written to does not exist: the rebuilt read model has none of it.
        var existing = await (await _db.ListCollectionNamesAsync(cancellationToken: ct)).ToListAsync(ct);
        foreach (var collection in new[] { Fixtures, Positions })
            if (existing.Contains(StagingPrefix + collection))
                await _db.RenameCollectionAsync(StagingPrefix + collection, _prefix + collection, new RenameCollectionOptions { DropTarget = true }, ct);
            else
                await _db.DropCollectionAsync(_prefix + collection, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private const string PurgedAt = "clipsPurgedAt";

    private static void WriteFixture(BsonDocument d, FixtureDocument f)
    {
        d["day"] = DayText(f.Day);
        d["kickoff"] = f.Kickoff.UtcDateTime;
        d["phase"] = f.Phase;
        d["upstreamStatus"] = f.UpstreamStatus;
        d["elapsed"] = Nullable(f.Elapsed);
        d["league"] = new BsonDocument { ["name"] = f.League, ["country"] = Nullable(f.Country) };
        d["home"] = f.Home;
        d["away"] = f.Away;
        d["score"] = new BsonDocument { ["home"] = Nullable(f.HomeGoals), ["away"] = Nullable(f.AwayGoals) };
        d["lastActivity"] = f.LastActivity.UtcDateTime;
        d["gracePollsLeft"] = f.GracePollsLeft;
        d["lastObservedAt"] = f.LastObservedAt is { } observed ? observed.UtcDateTime : BsonNull.Value;
        d["sequenceNr"] = f.SequenceNr;
    }

    private static FixtureDocument? ReadFixture(BsonDocument d) => d.Contains("kickoff")
        ? new FixtureDocument(d["_id"].ToInt64(), Time(d["kickoff"]), d["phase"].AsString, d["upstreamStatus"].AsString,
            NullableInt(d["elapsed"]), d["league"]["name"].AsString, NullableString(d["league"]["country"]), d["home"].AsString,
            d["away"].AsString, NullableInt(d["score"]["home"]), NullableInt(d["score"]["away"]), Time(d["lastActivity"]),
            d["gracePollsLeft"].ToInt32(), d["lastObservedAt"].IsBsonNull ? null : Time(d["lastObservedAt"]), d["sequenceNr"].ToInt64())
        : null;

    /// <summary>A goal as its fixture's document holds it; <c>clipsRemoved</c> tells a website its clips were purged.</summary>
    private static BsonDocument GoalBson(GoalDocument g, BsonDocument fixture) => new()
    {
        ["clipsRemoved"] = fixture.Contains(PurgedAt),
        ["id"] = g.Id, ["fixture"] = g.Fixture, ["minute"] = g.Minute, ["extra"] = Nullable(g.Extra), ["team"] = g.Team,
        ["player"] = g.Player, ["assist"] = Nullable(g.Assist), ["detail"] = g.Detail,
        ["scoreAfter"] = new BsonDocument { ["home"] = g.HomeScoreAfter, ["away"] = g.AwayScoreAfter },
        ["state"] = g.State, ["wasConfirmed"] = g.WasConfirmed, ["huntOpen"] = g.HuntOpen, ["searching"] = g.Searching, ["firstSeen"] = g.FirstSeen.UtcDateTime,
        ["clipsRejected"] = g.ClipsRejected, ["sequenceNr"] = g.SequenceNr,
        ["clips"] = new BsonArray(g.Clips.Select((c, i) => new BsonDocument
        {
            ["key"] = c.Key, ["rank"] = i + 1, ["width"] = c.Width, ["height"] = c.Height, ["duration"] = c.Duration, ["bytes"] = c.Bytes,
            ["popularity"] = c.Popularity,
        })),
    };

    private static IReadOnlyList<GoalDocument> ReadGoals(BsonDocument d) => d.TryGetValue("goals", out var goals)
        ? goals.AsBsonArray.Select(v => v.AsBsonDocument).Select(g => new GoalDocument(
            g["id"].AsString, g["fixture"].ToInt64(), g["minute"].ToInt32(), NullableInt(g["extra"]), g["team"].AsString, g["player"].AsString,
            NullableString(g["assist"]), g["detail"].AsString, g["scoreAfter"]["home"].ToInt32(), g["scoreAfter"]["away"].ToInt32(),
            g["state"].AsString, g["wasConfirmed"].AsBoolean, g["huntOpen"].AsBoolean, Time(g["firstSeen"]),
            g["clips"].AsBsonArray.Select(v => v.AsBsonDocument).OrderBy(c => c["rank"].ToInt32())
                .Select(c => new ClipDocument(c["key"].AsString, c["width"].ToInt32(), c["height"].ToInt32(), c["duration"].ToDouble(),
                    c["bytes"].ToInt64(), c["popularity"].ToInt32())).ToList(),
            g["clipsRejected"].ToInt32(), g["sequenceNr"].ToInt64())
            {
                ClipsPurgedAt = d.TryGetValue(PurgedAt, out var purgedAt) ? Time(purgedAt) : null,
            }).ToList()
        : [];

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(BsonValue value) => new(value.ToUniversalTime(), TimeSpan.Zero);

    private static BsonValue Nullable(int? value) => value is { } v ? v : BsonNull.Value;

    private static BsonValue Nullable(string? value) => value is { } v ? v : BsonNull.Value;

    private static int? NullableInt(BsonValue value) => value.IsBsonNull ? null : value.ToInt32();

    private static string? NullableString(BsonValue value) => value.IsBsonNull ? null : value.AsString;
}
