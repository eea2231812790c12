using System.Text.Json;
using Footy.Domain.Goals;
using Footy.ReadModel;

namespace Footy.ReadModel.Tests.Stores;

/// <summary>
/// What every read store does, the same way: each store's test class derives from this one and only says how to get a fresh,
/// empty store. Times are whole seconds, the precision every store keeps.
/// </summary>
public abstract class ReadModelStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private IReadModelStore? _store;

    /// <summary>A store of its own for one test, empty.</summary>
    protected abstract Task<IReadModelStore> CreateStoreAsync();

    private IReadModelStore Store => _store ?? throw new InvalidOperationException("store not created");

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    [SkippableFact]
    public async Task An_empty_store_has_no_day_no_goal_no_position_and_counts_nothing()
    {
        Assert.Empty(await Store.DaysAsync());
        Assert.Empty(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime)));
        Assert.Null(await Store.GoalAsync("1-1"));
        Assert.Equal(0, await Store.PositionAsync());
        Assert.Empty(await Store.PositionsAsync());
        var counts = await Store.CountsAsync();
        Assert.Empty(counts.GoalsByState);
        Assert.Equal(0, counts.ClipsKept);
    }

    [SkippableFact]
    public async Task A_day_lists_its_fixtures_by_kickoff_each_with_its_published_goals_in_match_order_and_their_clips_ranked()
    {
        var early = Fixture(10, Noon);
        var late = Fixture(11, Noon.AddHours(3)) with { Phase = "finishing", UpstreamStatus = "FT" };
        var nextDay = Fixture(12, Noon.AddDays(1));
        var second = Goal("10-1", 10, minute: 67) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("b", 5), Clip("a", 3)] };
        var first = Goal("10-2", 10, minute: 23) with { State = GoalStateNames.Confirmed, WasConfirmed = true, HuntOpen = true };
        var pending = Goal("10-3", 10, minute: 80);
        var cancelled = Goal("10-4", 10, minute: 85) with { State = GoalStateNames.Cancelled, WasConfirmed = true };
        var noise = Goal("10-5", 10, minute: 86) with { State = GoalStateNames.Cancelled };
        var expired = Goal("10-6", 10, minute: 88) with { State = GoalStateNames.Expired };
        await Store.CommitAsync(new ReadModelBatch([nextDay, late, early], [second, first, pending, cancelled, noise, expired], Position("fixture", 7)));

        var day = await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime));

        Assert.Equal([10L, 11L], day.Select(f => f.Id));
        Assert.Equal("finished", day[1].Phase);
        Assert.Equal("FT", day[1].UpstreamStatus);
        Assert.Equal(["10-2", "10-1", "10-3", "10-4"], day[0].Goals.Select(g => g.Id));
        Assert.True(day[0].Goals[0].Searching);
        Assert.False(day[0].Goals[1].Searching);
        Assert.Equal(Json(second.Publish()), Json(day[0].Goals[1]));
        Assert.Equal([("clips/b.mp4", 1), ("clips/a.mp4", 2)], day[0].Goals[1].Clips.Select(c => (c.Key, c.Rank)));
        Assert.Equal(Json(early.Publish([first.Publish(), second.Publish(), pending.Publish(), cancelled.Publish()])), Json(day[0]));
        Assert.Equal([DateOnly.FromDateTime(Noon.UtcDateTime), DateOnly.FromDateTime(Noon.AddDays(1).UtcDateTime)], await Store.DaysAsync());
    }

    [SkippableFact]
    public async Task A_goal_is_found_by_id_only_while_published()
    {
        var goal = Goal("20-1", 20, minute: 5) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("k", 2)] };
        await Store.CommitAsync(new ReadModelBatch([Fixture(20, Noon)], [goal, Goal("20-2", 20, minute: 9) with { State = GoalStateNames.Expired }],
            Position("goal", 3)));

        Assert.Equal(Json(goal.Publish()), Json(await Store.GoalAsync("20-1")));
        Assert.Null(await Store.GoalAsync("20-2"));
        Assert.Null(await Store.GoalAsync("20-9"));
    }

    [SkippableFact]
    public async Task Documents_load_back_exactly_as_committed_and_absent_ids_are_left_out()
    {
        var fixture = Fixture(30, Noon) with { LastObservedAt = Noon.AddMinutes(40), GracePollsLeft = 2, Elapsed = 40, HomeGoals = 1, AwayGoals = 0, Country = null };
        var goal = Goal("30-1", 30, minute: 45) with { Extra = 2, Assist = "A. Assist", HuntOpen = true, ClipsRejected = 2, Clips = [Clip("x", 1), Clip("y", 1)] };
        await Store.CommitAsync(new ReadModelBatch([fixture], [goal], Position("fixture", 4)));

        var loaded = await Store.LoadAsync([30, 31], ["30-1", "30-2"]);

        Assert.Equal([30L], loaded.Fixtures.Keys);
        Assert.Equal(fixture, loaded.Fixtures[30]);
        Assert.Equal(["30-1"], loaded.Goals.Keys);
        Assert.Equal(Json(goal), Json(loaded.Goals["30-1"]));
    }

    [SkippableFact]
    public async Task Committing_the_same_batch_twice_leaves_the_store_as_once()
    {
        var batch = new ReadModelBatch([Fixture(40, Noon)],
            [Goal("40-1", 40, minute: 12) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("c", 4)] }], Position("goal", 9));
        await Store.CommitAsync(batch);
        var once = Json(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime)));

        await Store.CommitAsync(batch);

        Assert.Equal(once, Json(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime))));
        Assert.Equal(1, (await Store.CountsAsync()).ClipsKept);
        Assert.Equal(9, await Store.PositionAsync());
    }

    [SkippableFact]
    public async Task An_upsert_replaces_the_whole_goal_with_its_clips()
    {
        var goal = Goal("50-1", 50, minute: 30) with { State = GoalStateNames.Confirmed, WasConfirmed = true, Clips = [Clip("old", 2), Clip("kept", 1)] };
        await Store.CommitAsync(new ReadModelBatch([Fixture(50, Noon)], [goal], Position("goal", 1)));

        var corrected = goal with { Minute = 31, Player = "Someone Else", Clips = [Clip("kept", 3)], SequenceNr = 8 };
        await Store.CommitAsync(new ReadModelBatch([], [corrected], Position("goal", 2)));

        Assert.Equal(Json(corrected.Publish()), Json(await Store.GoalAsync("50-1")));
        Assert.Equal(1, (await Store.CountsAsync()).ClipsKept);
    }

    [SkippableFact]
    public async Task Each_stream_position_only_moves_forward_and_the_position_is_the_furthest()
    {
        await Store.CommitAsync(new ReadModelBatch([], [], Position("fixture", 12)));
        await Store.CommitAsync(new ReadModelBatch([], [], Position("goal", 30)));
        await Store.CommitAsync(new ReadModelBatch([], [], Position("fixture", 5)));

        Assert.Equal([Position("fixture", 12), Position("goal", 30)], await Store.PositionsAsync());
        Assert.Equal(30, await Store.PositionAsync());
    }

    [SkippableFact]
    public async Task A_fixture_whose_kickoff_moves_moves_to_its_new_day()
    {
        var fixture = Fixture(60, Noon);
        await Store.CommitAsync(new ReadModelBatch([fixture], [], Position("fixture", 1)));
        await Store.CommitAsync(new ReadModelBatch([fixture with { Kickoff = Noon.AddDays(2), SequenceNr = 2 }], [], Position("fixture", 2)));

        Assert.Empty(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime)));
        Assert.Equal([60L], (await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.AddDays(2).UtcDateTime))).Select(f => f.Id));
        Assert.Equal([DateOnly.FromDateTime(Noon.AddDays(2).UtcDateTime)], await Store.DaysAsync());
    }

    [SkippableFact]
    public async Task Counts_take_every_goal_by_state_and_every_kept_clip()
    {
        await Store.CommitAsync(new ReadModelBatch([Fixture(70, Noon)], [
            Goal("70-1", 70, 1) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("a", 1), Clip("b", 1)] },
            Goal("70-2", 70, 2) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("c", 1)] },
            Goal("70-3", 70, 3) with { State = GoalStateNames.Expired, ClipsRejected = 4 },
            Goal("70-4", 70, 4),
        ], Position("goal", 4)));

        var counts = await Store.CountsAsync();

        Assert.Equal(new Dictionary<string, int> { ["complete"] = 2, ["expired"] = 1, ["pending"] = 1 }, counts.GoalsByState.OrderBy(kv => kv.Key).ToDictionary());
        Assert.Equal(3, counts.ClipsKept);
        Assert.Equal(4, counts.ClipsRejected);
        Assert.Equal(1, counts.InFlight);
    }

    [SkippableFact]
    public async Task A_reset_empties_documents_and_positions()
    {
        await Store.CommitAsync(new ReadModelBatch([Fixture(80, Noon)], [Goal("80-1", 80, 3)], Position("goal", 5)));

        await Store.ResetAsync();

        Assert.Empty(await Store.DaysAsync());
        Assert.Empty((await Store.LoadAsync([80], ["80-1"])).Goals);
        Assert.Equal(0, await Store.PositionAsync());
    }

    [SkippableFact]
    public async Task A_purged_fixture_keeps_its_goals_without_clips_and_a_late_batch_brings_none_back()
    {
        var goal = Goal("100-1", 100, 20) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("gone", 2), Clip("gone-too", 1)] };
        var kept = Goal("101-1", 101, 30) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("kept", 1)] };
        await Store.CommitAsync(new ReadModelBatch([Fixture(100, Noon), Fixture(101, Noon)], [goal, kept], Position("goal", 6)));

        await Store.CommitAsync(new ReadModelBatch([], [], Position("poller", 40)) { Purges = [new FixturePurge(100, Noon.AddDays(30))] });
        await Store.CommitAsync(new ReadModelBatch([], [], Position("poller", 41)) { Purges = [new FixturePurge(100, Noon.AddDays(31))] });
        await Store.CommitAsync(new ReadModelBatch([], [goal with { SequenceNr = 9 }], Position("goal", 7)));

        var purged = await Store.GoalAsync("100-1");
        Assert.NotNull(purged);
        Assert.Equal((goal.Player, goal.Minute, GoalStateNames.Complete, true), (purged.Player, purged.Minute, purged.State, purged.ClipsRemoved));
        Assert.Empty(purged.Clips);
        var day = await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime));
        Assert.Equal(Json(purged), Json(day.Single(f => f.Id == 100).Goals.Single()));
        Assert.Equal(Json(kept.Publish()), Json(day.Single(f => f.Id == 101).Goals.Single()));
        Assert.False(day.Single(f => f.Id == 101).Goals.Single().ClipsRemoved);
        Assert.Equal(1, (await Store.CountsAsync()).ClipsKept);
        Assert.Equal(Noon.AddDays(30), (await Store.LoadAsync([], ["100-1"])).Goals["100-1"].ClipsPurgedAt);
    }

    [SkippableFact]
    public async Task Publishing_the_staging_store_replaces_documents_and_positions_at_once_and_keeps_purged_fixtures()
    {
        var before = Goal("110-1", 110, 10) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("before", 1)] };
        var purged = Goal("111-1", 111, 50) with { State = GoalStateNames.Complete, WasConfirmed = true, Clips = [Clip("purged", 1)] };
        await Store.CommitAsync(new ReadModelBatch([Fixture(110, Noon), Fixture(111, Noon.AddDays(-40))],
            [before, purged, Goal("110-2", 110, 20)], Position("goal", 20)));
        await Store.CommitAsync(new ReadModelBatch([], [], Position("poller", 21)) { Purges = [new FixturePurge(111, Noon)] });
        var live = Json(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime)));

        await using (var staging = Store.Staging())
        {
            await staging.InitializeAsync();
            await staging.ResetAsync();
            var rebuilt = before with { Clips = [Clip("better", 3)], SequenceNr = 5 };
            await staging.CommitAsync(new ReadModelBatch([Fixture(110, Noon) with { Phase = "finished", UpstreamStatus = "FT" }, Fixture(112, Noon.AddDays(1))],
                [rebuilt], Position("goal", 18)));
            await staging.CommitAsync(new ReadModelBatch([], [], Position("fixture", 16)));
            // The rebuild reads the poller's purge again; the purged fixture's events are gone from the journal, so staging has no document of it.
            await staging.CommitAsync(new ReadModelBatch([], [], Position("poller", 21)) { Purges = [new FixturePurge(111, Noon)] });

            Assert.Equal(live, Json(await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime))));
            Assert.Equal(21, await Store.PositionAsync());

            await Store.PublishStagingAsync();

            var day = await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime));
            Assert.Equal(("finished", Json(rebuilt.Publish())), (day.Single().Phase, Json(day.Single().Goals.Single())));
        }
        Assert.Equal([Position("fixture", 16), Position("goal", 18), Position("poller", 21)], await Store.PositionsAsync());
        Assert.Equal([DateOnly.FromDateTime(Noon.AddDays(-40).UtcDateTime), DateOnly.FromDateTime(Noon.UtcDateTime), DateOnly.FromDateTime(Noon.AddDays(1).UtcDateTime)],
            await Store.DaysAsync());
        var kept = await Store.GoalAsync("111-1");
        Assert.Equal((purged.Player, true, 0), (kept?.Player, kept?.ClipsRemoved, kept?.Clips.Count));
        Assert.Null(await Store.GoalAsync("110-2"));

        await using var again = Store.Staging();
        await again.InitializeAsync();
        await again.ResetAsync();
        await Store.PublishStagingAsync();
        Assert.Equal([DateOnly.FromDateTime(Noon.AddDays(-40).UtcDateTime)], await Store.DaysAsync());
        Assert.Empty(await Store.PositionsAsync());
    }

    [SkippableFact]
    public async Task Names_from_upstream_are_kept_verbatim()
    {
        var hostile = Goal("90-1", 90, 10) with { Player = "<script>alert('x')</script>", Team = "Ünïcødé \"FC\"", Assist = "O'Brien; DROP TABLE" };
        await Store.CommitAsync(new ReadModelBatch([Fixture(90, Noon) with { Home = "Bødø/Glimt", League = "Süper Lig" }], [hostile], Position("goal", 1)));

        Assert.Equal(Json(hostile.Publish()), Json(await Store.GoalAsync("90-1")));
        Assert.Equal("Bødø/Glimt", (await Store.FixturesOnAsync(DateOnly.FromDateTime(Noon.UtcDateTime))).Single().Home);
    }

    private static FixtureDocument Fixture(long id, DateTimeOffset kickoff) => new(
        id, kickoff, "active", "1H", 12, "Premier League", "England", $"Home {id}", $"Away {id}", 0, 0, kickoff.AddMinutes(12), 0,
        kickoff.AddMinutes(12), 3);

    private static GoalDocument Goal(string id, long fixture, int minute) => new(
        id, fixture, minute, null, $"Home {fixture}", $"Scorer {id}", null, "Normal Goal", 1, 0, GoalStateNames.Pending, false, false,
        Noon.AddMinutes(minute), [], 0, 2);

    private static ClipDocument Clip(string key, int popularity) => new($"clips/{key}.mp4", 1280, 720, 24.5, 3_000_000, popularity);

    private static StreamPosition Position(string stream, long offset) => new(stream, offset, Noon.AddSeconds(offset));

    private static string Json(object? value) => JsonSerializer.Serialize(value);
}
