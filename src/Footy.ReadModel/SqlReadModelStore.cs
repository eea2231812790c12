using System.Data.Common;
using System.Globalization;
using Footy.Domain.Goals;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Footy.ReadModel;

/// <summary>
/// The read model in SQL: the embedded SQLite file (the default: no extra service) or a PostgreSQL database every node and
/// any website read. Both take the same schema and statements (docs/read-model.md); times are ISO 8601 UTC text, which
/// sorts as it reads.
/// </summary>
public sealed class SqlReadModelStore : IReadModelStore
{
    private readonly Func<DbConnection> _connect;
    private readonly IAsyncDisposable? _dataSource;
    private readonly bool _sqlite;
    private readonly string _prefix;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    private SqlReadModelStore(Func<DbConnection> connect, IAsyncDisposable? dataSource, bool sqlite, string prefix = "") =>
        (_connect, _dataSource, _sqlite, _prefix) = (connect, dataSource, sqlite, prefix);

    /// <summary>The embedded store; the file's folder is created when missing.</summary>
    public static SqlReadModelStore Sqlite(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
        return new SqlReadModelStore(() => new SqliteConnection(connectionString), null, sqlite: true);
    }

    public static SqlReadModelStore PostgreSql(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new SqlReadModelStore(dataSource.CreateConnection, dataSource, sqlite: false);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS published_fixtures (
            id BIGINT PRIMARY KEY, day TEXT NOT NULL, kickoff TEXT NOT NULL, phase TEXT NOT NULL, upstream_status TEXT NOT NULL,
            elapsed INTEGER NULL, league TEXT NOT NULL, country TEXT NULL, home TEXT NOT NULL, away TEXT NOT NULL,
            home_goals INTEGER NULL, away_goals INTEGER NULL, last_activity TEXT NOT NULL,
            grace_polls_left INTEGER NOT NULL, last_observed_at TEXT NULL, sequence_nr BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS published_fixtures_day ON published_fixtures (day, kickoff);
        CREATE TABLE IF NOT EXISTS published_goals (
            id TEXT PRIMARY KEY, fixture BIGINT NOT NULL, minute INTEGER NOT NULL, extra INTEGER NULL, team TEXT NOT NULL,
            player TEXT NOT NULL, assist TEXT NULL, detail TEXT NOT NULL, home_score_after INTEGER NOT NULL,
            away_score_after INTEGER NOT NULL, state TEXT NOT NULL, was_confirmed INTEGER NOT NULL, hunt_open INTEGER NOT NULL,
            first_seen TEXT NOT NULL, clips_rejected INTEGER NOT NULL, sequence_nr BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS published_goals_fixture ON published_goals (fixture);
        CREATE TABLE IF NOT EXISTS published_clips (
            goal_id TEXT NOT NULL, clip_key TEXT NOT NULL, clip_rank INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
            duration DOUBLE PRECISION NOT NULL, bytes BIGINT NOT NULL, popularity INTEGER NOT NULL,
            PRIMARY KEY (goal_id, clip_key));
        CREATE TABLE IF NOT EXISTS projection_positions (
            stream TEXT PRIMARY KEY, position BIGINT NOT NULL, event_written_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS purged_fixtures (id BIGINT PRIMARY KEY, purged_at TEXT NOT NULL);
        """;

    /// <summary>
    /// The staging copy's tables carry this prefix: every statement names the live tables, and a staging store reads and writes
    /// its own. <c>purged_fixtures</c> has no copy: a purge is a fact no rebuild can recover, shared by both.
    /// </summary>
    private const string StagingPrefix = "staging_";

    private static readonly string[] StagedTables = ["published_clips", "published_goals", "published_fixtures", "projection_positions"];

    private const string FixtureColumns =
        "f.id, f.kickoff, f.phase, f.upstream_status, f.elapsed, f.league, f.country, f.home, f.away, f.home_goals, f.away_goals, " +
        "f.last_activity, f.grace_polls_left, f.last_observed_at, f.sequence_nr";

    private const string GoalColumns =
        "g.id, g.fixture, g.minute, g.extra, g.team, g.player, g.assist, g.detail, g.home_score_after, g.away_score_after, " +
        "g.state, g.was_confirmed, g.hunt_open, g.first_seen, g.clips_rejected, g.sequence_nr, p.purged_at";

    private const string ClipColumns = "c.goal_id, c.clip_key, c.width, c.height, c.duration, c.bytes, c.popularity";

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
    }

    /// <summary>The first use of the store creates its schema, whoever comes first: the projection or a website's query.</summary>
    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct)
    {
        await _schemaGate.WaitAsync(ct);
        try
        {
            if (_schemaReady) return;
            // WAL lets the goals page read while the projection writes (a property of the file, kept from then on).
            if (_sqlite) await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
            await ExecuteAsync(connection, null, Schema, ct);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public async Task<IReadOnlyList<PublishedFixture>> FixturesOnAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fixtures = await QueryAsync(connection, $"SELECT {FixtureColumns} FROM published_fixtures f WHERE f.day = @day",
            ReadFixture, ct, ("@day", dayText));
        var goals = await GoalsWithClipsAsync(connection,
            "JOIN published_fixtures f ON f.id = g.fixture WHERE f.day = @day",
            "JOIN published_goals g ON g.id = c.goal_id JOIN published_fixtures f ON f.id = g.fixture WHERE f.day = @day",
            ct, ("@day", dayText));
        var byFixture = goals.Where(g => g.IsPublished).ToLookup(g => g.Fixture);
        return fixtures
            .OrderBy(f => f.Kickoff).ThenBy(f => f.Id)
            .Select(f => f.Publish(GoalDocument.InMatchOrder(byFixture[f.Id]).Select(g => g.Publish()).ToList()))
            .ToList();
    }

    public async Task<PublishedGoal?> GoalAsync(string goalId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var goals = await GoalsWithClipsAsync(connection, "WHERE g.id = @id", "WHERE c.goal_id = @id", ct, ("@id", goalId));
        return goals.SingleOrDefault() is { IsPublished: true } goal ? goal.Publish() : null;
    }

    public async Task<IReadOnlyList<DateOnly>> DaysAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await QueryAsync(connection, "SELECT DISTINCT day FROM published_fixtures ORDER BY day",
            r => DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), ct);
    }

    public async Task<long> PositionAsync(CancellationToken ct = default) =>
        (await PositionsAsync(ct)).Select(p => p.Offset).DefaultIfEmpty(0).Max();

    public async Task<IReadOnlyList<StreamPosition>> PositionsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await QueryAsync(connection, "SELECT stream, position, event_written_at FROM projection_positions ORDER BY stream",
            r => new StreamPosition(r.GetString(0), r.GetInt64(1), Time(r.GetString(2))), ct);
    }

    public async Task<ReadModelCounts> CountsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var states = await QueryAsync(connection, "SELECT state, COUNT(*), SUM(clips_rejected) FROM published_goals GROUP BY state",
            r => (State: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture),
                Rejected: Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)), ct);
        var clips = await QueryAsync(connection, "SELECT COUNT(*) FROM published_clips",
            r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), ct);
        return new ReadModelCounts(states.ToDictionary(s => s.State, s => s.Count), clips.Single(), states.Sum(s => s.Rejected));
    }

    public async Task<StoredDocuments> LoadAsync(IReadOnlyCollection<long> fixtures, IReadOnlyCollection<string> goals, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var fixtureDocuments = new Dictionary<long, FixtureDocument>();
        foreach (var chunk in fixtures.Chunk(500))
        {
            var (list, parameters) = InList("f", chunk.Cast<object>());
            foreach (var f in await QueryAsync(connection, $"SELECT {FixtureColumns} FROM published_fixtures f WHERE f.id IN ({list})", ReadFixture, ct, parameters))
                fixtureDocuments[f.Id] = f;
        }
        var goalDocuments = new Dictionary<string, GoalDocument>(StringComparer.Ordinal);
        foreach (var chunk in goals.Chunk(500))
        {
            var (list, parameters) = InList("g", chunk);
            foreach (var g in await GoalsWithClipsAsync(connection, $"WHERE g.id IN ({list})", $"WHERE c.goal_id IN ({list})", ct, parameters))
                goalDocuments[g.Id] = g;
        }
        return new StoredDocuments(fixtureDocuments, goalDocuments);
    }

    public async Task CommitAsync(ReadModelBatch batch, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var purge in batch.Purges)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO purged_fixtures (id, purged_at) VALUES (@id, @at) ON CONFLICT (id) DO NOTHING", ct,
                ("@id", purge.Fixture), ("@at", Text(purge.At)));
            await ExecuteAsync(connection, transaction, "DELETE FROM published_clips WHERE goal_id IN (SELECT id FROM published_goals WHERE fixture = @id)", ct,
                ("@id", purge.Fixture));
        }
        foreach (var f in batch.Fixtures)
            await ExecuteAsync(connection, transaction, """
                INSERT INTO published_fixtures (id, day, kickoff, phase, upstream_status, elapsed, league, country, home, away, home_goals,
                    away_goals, last_activity, grace_polls_left, last_observed_at, sequence_nr)
                VALUES (@id, @day, @kickoff, @phase, @status, @elapsed, @league, @country, @home, @away, @homeGoals, @awayGoals,
                    @lastActivity, @grace, @lastObserved, @seq)
                ON CONFLICT (id) DO UPDATE SET day = excluded.day, kickoff = excluded.kickoff, phase = excluded.phase,
                    upstream_status = excluded.upstream_status, elapsed = excluded.elapsed, league = excluded.league,
                    country = excluded.country, home = excluded.home, away = excluded.away, home_goals = excluded.home_goals,
                    away_goals = excluded.away_goals, last_activity = excluded.last_activity,
                    grace_polls_left = excluded.grace_polls_left, last_observed_at = excluded.last_observed_at,
                    sequence_nr = excluded.sequence_nr
                """, ct,
                ("@id", f.Id), ("@day", f.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@kickoff", Text(f.Kickoff)),
                ("@phase", f.Phase), ("@status", f.UpstreamStatus), ("@elapsed", f.Elapsed), ("@league", f.League), ("@country", f.Country),
                ("@home", f.Home), ("@away", f.Away), ("@homeGoals", f.HomeGoals), ("@awayGoals", f.AwayGoals),
                ("@lastActivity", Text(f.LastActivity)), ("@grace", f.GracePollsLeft), ("@lastObserved", Text(f.LastObservedAt)),
                ("@seq", f.SequenceNr));
        foreach (var g in batch.Goals)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO published_goals (id, fixture, minute, extra, team, player, assist, detail, home_score_after, away_score_after,
                    state, was_confirmed, hunt_open, first_seen, clips_rejected, sequence_nr)
                VALUES (@id, @fixture, @minute, @extra, @team, @player, @assist, @detail, @homeAfter, @awayAfter, @state, @wasConfirmed,
                    @huntOpen, @firstSeen, @rejected, @seq)
                ON CONFLICT (id) DO UPDATE SET fixture = excluded.fixture, minute = excluded.minute, extra = excluded.extra,
                    team = excluded.team, player = excluded.player, assist = excluded.assist, detail = excluded.detail,
                    home_score_after = excluded.home_score_after, away_score_after = excluded.away_score_after, state = excluded.state,
                    was_confirmed = excluded.was_confirmed, hunt_open = excluded.hunt_open, first_seen = excluded.first_seen,
                    clips_rejected = excluded.clips_rejected, sequence_nr = excluded.sequence_nr
                """, ct,
                ("@id", g.Id), ("@fixture", g.Fixture), ("@minute", g.Minute), ("@extra", g.Extra), ("@team", g.Team), ("@player", g.Player),
                ("@assist", g.Assist), ("@detail", g.Detail), ("@homeAfter", g.HomeScoreAfter), ("@awayAfter", g.AwayScoreAfter),
                ("@state", g.State), ("@wasConfirmed", g.WasConfirmed ? 1 : 0), ("@huntOpen", g.HuntOpen ? 1 : 0),
                ("@firstSeen", Text(g.FirstSeen)), ("@rejected", g.ClipsRejected), ("@seq", g.SequenceNr));
            await ExecuteAsync(connection, transaction, "DELETE FROM published_clips WHERE goal_id = @id", ct, ("@id", g.Id));
            for (var i = 0; i < g.Clips.Count; i++)
            {
                var c = g.Clips[i];
                // A batch that still carries clips of a purged fixture (read before the purge) brings none of them back.
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO published_clips (goal_id, clip_key, clip_rank, width, height, duration, bytes, popularity)
                    SELECT @goal, @key, @rank, @width, @height, @duration, @bytes, @popularity
                    WHERE NOT EXISTS (SELECT 1 FROM purged_fixtures WHERE id = @fixture)
                    """, ct,
                    ("@goal", g.Id), ("@key", c.Key), ("@rank", i + 1), ("@width", c.Width), ("@height", c.Height), ("@duration", c.Duration),
                    ("@bytes", c.Bytes), ("@popularity", c.Popularity), ("@fixture", g.Fixture));
            }
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO projection_positions (stream, position, event_written_at) VALUES (@stream, @position, @writtenAt)
            ON CONFLICT (stream) DO UPDATE SET position = excluded.position, event_written_at = excluded.event_written_at
                WHERE excluded.position > projection_positions.position
            """, ct, ("@stream", batch.Position.Stream), ("@position", batch.Position.Offset), ("@writtenAt", Text(batch.Position.EventWrittenAt)));
        await transaction.CommitAsync(ct);
    }

    public async Task ResetAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var table in StagedTables)
            await ExecuteAsync(connection, transaction, $"DELETE FROM {table}", ct);
        await transaction.CommitAsync(ct);
    }

    public IReadModelStore Staging() => new SqlReadModelStore(_connect, null, _sqlite, StagingPrefix);

    public async Task PublishStagingAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Same schema, same column order: the staging tables were created by the same statement.
        const string Kept = "SELECT id FROM purged_fixtures";
        foreach (var statement in new[]
                 {
                     "DELETE FROM published_clips",
                     $"DELETE FROM published_goals WHERE fixture NOT IN ({Kept})",
                     $"DELETE FROM published_fixtures WHERE id NOT IN ({Kept})",
                     "DELETE FROM projection_positions",
                     $"INSERT INTO published_fixtures SELECT * FROM {StagingPrefix}published_fixtures WHERE id NOT IN ({Kept})",
                     $"INSERT INTO published_goals SELECT * FROM {StagingPrefix}published_goals WHERE fixture NOT IN ({Kept})",
                     $"INSERT INTO published_clips SELECT c.* FROM {StagingPrefix}published_clips c " +
                     $"JOIN {StagingPrefix}published_goals g ON g.id = c.goal_id WHERE g.fixture NOT IN ({Kept})",
                     $"INSERT INTO projection_positions SELECT * FROM {StagingPrefix}projection_positions",
                 })
            await ExecuteAsync(connection, transaction, statement, ct);
        foreach (var table in StagedTables)
            await ExecuteAsync(connection, transaction, $"DROP TABLE {StagingPrefix}{table}", ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }

    private async Task<IReadOnlyList<GoalDocument>> GoalsWithClipsAsync(DbConnection connection, string goalWhere, string clipWhere,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var goals = await QueryAsync(connection,
            $"SELECT {GoalColumns} FROM published_goals g LEFT JOIN purged_fixtures p ON p.id = g.fixture {goalWhere}", ReadGoal, ct, parameters);
        var clips = (await QueryAsync(connection, $"SELECT {ClipColumns} FROM published_clips c {clipWhere} ORDER BY c.goal_id, c.clip_rank",
            r => (Goal: r.GetString(0), Clip: new ClipDocument(r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetDouble(4), r.GetInt64(5), r.GetInt32(6))),
            ct, parameters)).ToLookup(c => c.Goal, c => c.Clip);
        return goals.Select(g => g with { Clips = clips[g.Id].ToList() }).ToList();
    }

    private static FixtureDocument ReadFixture(DbDataReader r) => new(
        r.GetInt64(0), Time(r.GetString(1)), r.GetString(2), r.GetString(3), NullableInt(r, 4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetString(8), NullableInt(r, 9), NullableInt(r, 10),
        Time(r.GetString(11)), r.GetInt32(12), r.IsDBNull(13) ? null : Time(r.GetString(13)), r.GetInt64(14));

    private static GoalDocument ReadGoal(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetInt32(2), NullableInt(r, 3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetInt32(8), r.GetInt32(9), r.GetString(10),
        r.GetInt32(11) != 0, r.GetInt32(12) != 0, Time(r.GetString(13)), [], r.GetInt32(14), r.GetInt64(15))
    {
        ClipsPurgedAt = r.IsDBNull(16) ? null : Time(r.GetString(16)),
    };

    private static int? NullableInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string? Text(DateTimeOffset? time) => time is { } t ? Text(t) : null;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static (string List, (string, object?)[] Parameters) InList(string prefix, IEnumerable<object> values)
    {
        var parameters = values.Select((v, i) => ($"@{prefix}{i}", (object?)v)).ToArray();
        return (string.Join(", ", parameters.Select(p => p.Item1)), parameters);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = _connect();
        await connection.OpenAsync(ct);
        if (!_schemaReady) await EnsureSchemaAsync(connection, ct);
        return connection;
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = _prefix.Length == 0 ? sql : StagedTables.Aggregate(sql, (text, table) => text.Replace(table, _prefix + table, StringComparison.Ordinal));
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
