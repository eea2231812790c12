using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Footy.Admin;
using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;
using static Footy.Admin.AdminViews;

namespace Footy.Cli.Tests.Inspect;

/// <summary>
/// Every inspection command of the footy CLI against a daemon serving a recording (<c>footy run &lt;recording&gt;</c>), in text
/// and with <c>--json</c>; answers checked against the recording's expected outcome.
/// </summary>
public sealed class AdminCommandsTests(RecordingDaemon node) : IClassFixture<RecordingDaemon>
{
    private static T Json<T>(FootyProcess.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        return JsonSerializer.Deserialize<T>(outcome.Stdout, AdminEndpoint.Json)!;
    }

    private async Task<string> Text(params string[] arguments)
    {
        var outcome = await node.Footy(arguments);
        Assert.True(outcome.ExitCode == 0, $"footy {string.Join(' ', arguments)}: exit {outcome.ExitCode}: {outcome.Stderr}");
        Assert.DoesNotContain(RecordingDaemon.Token, outcome.Stdout + outcome.Stderr);
        return outcome.Stdout;
    }

    [Fact]
    public async Task Status_shows_the_node_its_fixtures_budget_and_freshness()
    {
        var status = Json<NodeStatus>(await node.Footy("status", "--json"));
        Assert.Equal("Up", status.MemberStatus);
        Assert.Equal(7, status.TrackedFixtures);
        Assert.Equal(0, status.PolledFixtures);
        Assert.Equal(0, status.GoalsInFlight);
        Assert.Equal("Closed", status.ApiCircuit);
        Assert.False(status.Stale);
        Assert.NotNull(status.LastSuccessfulPollAt);

        var text = await Text("status");
        Assert.Contains("7 tracked, 0 polled", text);
        Assert.Contains(status.Node, text);
    }

    [Fact]
    public async Task Cluster_show_status_and_leader_agree_on_the_single_node()
    {
        var view = Json<ClusterView>(await node.Footy("cluster", "show", "--json"));
        Assert.Equal(view.SelfAddress, view.Leader);
        Assert.Equal(["footy"], view.Roles);
        var member = Assert.Single(view.Members);
        Assert.Equal(("Up", true), (member.Status, member.Reachable));
        Assert.Empty(view.Unreachable);
        Assert.False(string.IsNullOrWhiteSpace(view.Version));

        Assert.Contains(view.SelfAddress, await Text("cluster", "show"));
        Assert.Contains($"{view.SelfAddress}  Up      yes", await Text("cluster", "status"));
        Assert.Equal(view.SelfAddress, (await Text("cluster", "leader")).Trim());
        Assert.Equal(view.Leader, Json<ClusterView>(await node.Footy("cluster", "leader", "--json")).Leader);
    }

    [Fact]
    public async Task Cluster_membership_actions_validate_their_address_and_report_what_they_did()
    {
        var none = Json<ClusterActionResult>(await node.Footy("cluster", "down-unreachable", "--json"));
        Assert.Equal(("down-unreachable", 0), (none.Action, none.Addresses.Count));
        Assert.Contains("nothing to do", await Text("cluster", "down-unreachable"));

        var self = Json<ClusterView>(await node.Footy("cluster", "show", "--json")).SelfAddress;
        var join = Json<ClusterActionResult>(await node.Footy("cluster", "join", self, "--json"));
        Assert.Equal(["join", self], [join.Action, .. join.Addresses]);

        var stranger = await node.Footy("cluster", "down", "akka.tcp://footy@10.9.9.9:1234");
        Assert.Equal(2, stranger.ExitCode);
        Assert.Contains("not a member", stranger.Stderr);
        var garbage = await node.Footy("cluster", "join", "not an address");
        Assert.Equal(2, garbage.ExitCode);
        Assert.Contains("not a cluster address", garbage.Stderr);
    }

    [Fact]
    public async Task Cluster_tail_streams_the_current_membership_first()
    {
        await using var tail = FootyProcess.Start(["cluster", "tail", "--json"], node.CliEnvironment());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!tail.Stdout.Contains('\n') && DateTime.UtcNow < deadline && !tail.HasExited) await Task.Delay(100);
        var first = JsonSerializer.Deserialize<ClusterChange>(tail.Stdout.Split('\n')[0], AdminEndpoint.Json)!;
        Assert.Equal(("Current", "Up"), (first.Event, first.Status));
        Assert.False(tail.HasExited, "tail must keep streaming until interrupted");
        tail.Terminate();
        await tail.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, tail.ExitCode);
        Assert.EndsWith("footy cluster tail: stopped on SIGTERM", tail.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Sharding_commands_find_every_fixture_and_goal_entity()
    {
        var regions = Json<List<RegionView>>(await node.Footy("sharding", "regions", "--json"));
        Assert.Equal(["fixture", "goal"], regions.Select(r => r.TypeName));
        Assert.Equal(7, regions[0].LocalEntities);
        Assert.Equal(17, regions[1].LocalEntities);
        Assert.Contains("goal     ", await Text("sharding", "regions"));

        var stats = Json<RegionStats>(await node.Footy("sharding", "region-stats", "-r", "goal", "--json"));
        Assert.Equal(17, Assert.Single(stats.Regions).EntitiesPerShard.Values.Sum());
        Assert.Contains("17", await Text("sharding", "region-stats", "-r", "goal"));

        var shards = Json<List<ShardView>>(await node.Footy("sharding", "shard-stats", "--json"));
        Assert.Equal(24, shards.Sum(s => s.Entities));
        Assert.Contains("fixture", await Text("sharding", "shard-stats"));

        var placement = Json<EntityPlacement>(await node.Footy("sharding", "locate", "goal", "1208125-1", "--json"));
        Assert.Contains(placement.ShardId, shards.Where(s => s.TypeName == "goal").Select(s => s.ShardId));
        Assert.Equal($"/system/sharding/goal/{placement.ShardId}/1208125-1", placement.RunningActor);
        Assert.Contains(placement.Address, await Text("sharding", "locate", "goal", "1208125-1"));

        var unknown = await node.Footy("sharding", "locate", "referee", "1");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no shard region 'referee'", unknown.Stderr);
    }

    [Fact]
    public async Task Actor_hierarchy_is_deterministic_and_shows_the_poller_and_the_shards()
    {
        var first = await node.Footy("actor", "hierarchy", "-s", "/system/sharding", "-d", "3", "--json");
        var again = await node.Footy("actor", "hierarchy", "-s", "/system/sharding", "-d", "3", "--json");
        Assert.Equal(first.Stdout, again.Stdout);
        var tree = Json<ActorNode>(first);
        Assert.Equal(["fixture", "fixtureCoordinator", "footyReplicator", "goal", "goalCoordinator"], tree.Children.Select(c => c.Name));
        var fixtureEntities = tree.Children.Single(c => c.Name == "fixture").Children.SelectMany(shard => shard.Children).Select(e => e.Name);
        Assert.Equal(["1208125", "1208126", "1208127", "1208128", "1208129", "1208130", "1208131"], fixtureEntities.Where(n => n.All(char.IsDigit)).Order());

        var text = await Text("actor", "hierarchy", "-s", "/user", "-d", "1");
        Assert.Contains("live-poller", text);
        var missing = await node.Footy("actor", "hierarchy", "-s", "/user/nobody");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no actor at /user/nobody", missing.Stderr);
    }

    [Fact]
    public async Task Log_peek_tail_and_level_read_the_ring_and_change_the_level_at_runtime()
    {
        var lines = Json<List<LogLine>>(await node.Footy("log", "peek", "-n", "5", "--json"));
        Assert.Equal(5, lines.Count);
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.Item1.Sequence < p.Item2.Sequence));
        Assert.Equal(3, (await Text("log", "peek", "-n", "3")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        await using var tail = FootyProcess.Start(["log", "tail"], node.CliEnvironment());
        await Task.Delay(2000);
        Assert.Equal("Debug", Json<LogLevelView>(await node.Footy("log", "level", "debug", "--json")).Level);
        Assert.Equal("Debug", (await Text("log", "level")).Trim());
        Assert.Equal("Information", (await Text("log", "level", "Information")).Trim());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!tail.Stdout.Contains("Log level changed", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains("Log level changed from Information to Debug", tail.Stdout);

        var bad = await node.Footy("log", "level", "chatty");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not a log level", bad.Stderr);
    }

    [Fact]
    public async Task Fixtures_and_goals_match_the_recordings_expected_outcome()
    {
        var expected = Summaries.LoadExpected(Path.Combine(node.Recording, "expected.json"));
        var fixtures = Json<List<FixtureRow>>(await node.Footy("fixtures", "--json"));
        Assert.Equal(expected.Fixtures.Select(f => (f.Id, f.Status, f.Home, f.Away)).Order(),
            fixtures.Select(f => (f.Id, f.UpstreamStatus, f.Home, f.Away)).Order());
        Assert.Contains("Arsenal vs Wolves", await Text("fixtures"));

        var arsenal = Json<FixtureRow>(await node.Footy("fixture", "1208125", "--json"));
        Assert.Equal((3, 1, "finished"), (arsenal.HomeGoals!.Value, arsenal.AwayGoals!.Value, arsenal.Phase));
        Assert.Contains("Arsenal vs Wolves", await Text("fixture", "1208125"));

        var goals = Json<List<GoalRow>>(await node.Footy("goals", "--json"));
        var published = goals.Where(g => g.State is "complete" || (g.State is "cancelled" && g.ConfirmedAt is not null)).ToList();
        Assert.Equal(expected.Goals.Select(g => (g.Fixture, g.Minute, g.State)).Order(), published.Select(g => (g.Fixture, g.Minute ?? 0, g.State)).Order());
        var table = await Text("goals");
        Assert.Contains(" STATE ", table);
        Assert.Contains(" cancelled ", table);
        Assert.All(published.Where(g => g.State == "complete"), g => Assert.True(g.HuntFinished));
        var ofArsenal = Json<List<GoalRow>>(await node.Footy("goals", "--fixture", "1208125", "--json"));
        Assert.Equal(expected.Goals.Count(g => g.Fixture == 1208125), ofArsenal.Count);
        Assert.Contains("B. Saka", await Text("goals", "--fixture", "1208125"));

        var unknown = await node.Footy("fixture", "42");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("fixture 42 is not known", unknown.Stderr);
    }

    [Fact]
    public async Task Goal_shows_confirmation_history_and_the_clip_search_and_journal_reads_its_events()
    {
        var goals = Json<List<GoalRow>>(await node.Footy("goals", "--json"));
        var withdrawn = goals.Single(g => g.State == "cancelled");
        var report = Json<GoalReport>(await node.Footy("goal", withdrawn.Id, "--json"));
        Assert.Equal(["sighted", "missed", "withdrawn"], report.History.Select(h => h.Event).Distinct().Take(3));
        Assert.Null(report.HuntStartedAt);
        Assert.Contains("withdrawn", await Text("goal", withdrawn.Id));

        var complete = goals.First(g => g.State == "complete");
        var done = Json<GoalReport>(await node.Footy("goal", complete.Id, "--json"));
        Assert.Contains("confirmed", done.History.Select(h => h.Event));
        Assert.Equal(10, done.Goal.AttemptsMade);
        Assert.NotNull(done.HuntFinishedAt);

        var journal = Json<JournalView>(await node.Footy("journal", "goal-" + complete.Id, "--json"));
        Assert.Contains("GoalConfirmed", journal.Events.Select(e => e.Event));
        Assert.Equal(journal.Events.Count, journal.Events.Select(e => e.SequenceNr).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, journal.Events.Count).Select(i => (long)i), journal.Events.Select(e => e.SequenceNr));
        var page = Json<JournalView>(await node.Footy("journal", "goal-" + complete.Id, "--from", "2", "--max", "2", "--json"));
        Assert.Equal([2L, 3L], page.Events.Select(e => e.SequenceNr));
        Assert.True(page.Truncated);
        Assert.Contains("GoalConfirmed", await Text("journal", "goal-" + complete.Id));

        var missing = await node.Footy("goal", "1208125-99");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not known", missing.Stderr);
    }

    [Fact]
    public async Task Runs_list_every_search_attempt_with_filters()
    {
        var all = Json<List<RunRecord>>(await node.Footy("runs", "--json"));
        var completeGoals = Json<List<GoalRow>>(await node.Footy("goals", "--json")).Count(g => g.State == "complete");
        Assert.Equal(completeGoals * 10, all.Count(r => r.Kind == "search"));
        Assert.All(all, r => Assert.Equal("ok", r.Status));

        var one = Json<List<RunRecord>>(await node.Footy("runs", "--goal", "1208125-1", "--json"));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"attempt {i}"), one.Select(r => r.Input));
        var since = one[5].At;
        var later = Json<List<RunRecord>>(await node.Footy("runs", "--goal", "1208125-1", "--since", since.ToString("O"), "--json"));
        Assert.Equal(one.Skip(5), later);
        Assert.Empty(Json<List<RunRecord>>(await node.Footy("runs", "--failed", "--json")));
        Assert.Contains("attempt 10", await Text("runs", "--goal", "1208125-1"));
    }

    [Fact]
    public async Task Health_readiness_and_metrics_answer_over_http()
    {
        using var http = new HttpClient { BaseAddress = node.Endpoint };
        var live = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var liveness = JsonSerializer.Deserialize<HealthReportJson.Report>(await live.Content.ReadAsStringAsync(), AdminEndpoint.Json)!;
        Assert.Equal("Healthy", liveness.Status);
        Assert.Equal(["akka.actorsystem"], liveness.Entries.Keys);
        Assert.Contains("live", liveness.Entries["akka.actorsystem"].Tags);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RecordingDaemon.Token);
        var ready = await http.GetAsync("/readyz");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        var readiness = JsonSerializer.Deserialize<HealthReportJson.Report>(await ready.Content.ReadAsStringAsync(), AdminEndpoint.Json)!;
        Assert.Equal("Healthy", readiness.Status);
        Assert.Superset(new SortedSet<string> { "akka.cluster.join", "api-circuit", "media-queue", "poller" }, new SortedSet<string>(readiness.Entries.Keys));
        Assert.All(readiness.Entries.Values, e => Assert.Equal(("Healthy", true), (e.Status, e.Tags.Contains("ready"))));
        Assert.Equal("16", readiness.Entries["media-queue"].Data["capacity"].ToString());

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("footy_goals{state=\"complete\"} 16", metrics);
        Assert.Contains("footy_fixtures{phase=\"finished\"} 6", metrics);
        Assert.Contains("footy_poller_stale 0", metrics);
        Assert.Contains("# TYPE footy_media_queue_depth gauge", metrics);
        Assert.Matches(@"footy_poll_cycles_total [1-9]\d*", metrics);
        Assert.Matches(@"footy_api_calls_total [1-9]\d*", metrics);
        Assert.Contains("# TYPE footy_stage_seconds histogram", metrics);
        // The process and the runtime: CPU, resident memory, GC, heap and thread pool.
        Assert.Matches(@"process_cpu_seconds_total [0-9.]+", metrics);
        Assert.Matches(@"process_working_set_bytes [1-9]\d*", metrics);
        Assert.Matches(@"system_runtime_dotnet_gc_collections\{gc_heap_generation=""gen0""\} \d+", metrics);
        Assert.Matches(@"system_runtime_dotnet_gc_last_collection_heap_size\{gc_heap_generation=""gen2""\} \d+", metrics);
        Assert.Matches(@"system_runtime_dotnet_thread_pool_thread_count [1-9]\d*", metrics);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_and_no_token_is_ever_printed_or_logged()
    {
        using var http = new HttpClient { BaseAddress = node.Endpoint };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/status")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);

        var wrong = await FootyProcess.RunAsync(["status"], node.CliEnvironment("not-the-token"));
        Assert.Equal(4, wrong.ExitCode);
        Assert.Contains("refused", wrong.Stderr);
        Assert.DoesNotContain("not-the-token", wrong.Stdout + wrong.Stderr);

        var logs = string.Concat(Directory.GetFiles(Path.Combine(node.DataDirectory, "logs")).Select(ReadShared));
        Assert.Contains("refused: missing or wrong bearer token", logs);
        Assert.DoesNotContain(RecordingDaemon.Token, logs + node.Daemon.Stdout + node.Daemon.Stderr);
        Assert.DoesNotContain("not-the-token", logs);
        Assert.DoesNotContain("guess", logs);
    }

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
