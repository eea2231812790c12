using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Footy.Scenarios;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Faults.Upstream;

/// <summary>
/// API-Football failing under the real daemon (poller, fixtures, goals, journal) on a replay's virtual clock: faults
/// recorded in the poll files, and faults a server injects (hangs, cut and slow bodies, 5xx and 429 storms). The
/// summary must equal the outcome the scenario's own timeline implies when failed polls count for nothing; a storm
/// must not turn into a request storm; the poller must come back by itself.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ApiFootballFaultTests(JournalBackends backends, ITestOutputHelper output) : IDisposable
{
    private readonly string _recording = Path.Combine(Path.GetTempPath(), "footy-api-faults-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Recorded_storms_error_envelopes_broken_json_vanishing_fixtures_and_backward_statuses_end_in_the_oracle_outcome()
    {
        var day = UpstreamFaultDays.WithRecordedFaults();
        var expected = day.WriteRecordingWithExpected(_recording);
        var traffic = ServedFaultPlan.None();
        var log = CapturedLog.For(output);
        var options = await backends.OptionsFor(Backend.Sqlite);
        options.Budget.DailyRequests = 5000;
        options.Budget.RequestsPerMinute = 3;

        var outcome = await ReplayRunner.RunAsync(_recording, options, new ReplaySettings(EnforceBudget: true, Faults: traffic), log.Logger);

        AssertOutcome(expected, outcome);
        var busiestMinute = traffic.Requests.Where(r => r.Endpoint == ServedEndpoint.Fixtures)
            .GroupBy(r => r.At.ToUnixTimeSeconds() / 60).Max(g => g.Count());
        Assert.InRange(busiestMinute, 1, options.Budget.RequestsPerMinute);
        var stormRequests = traffic.ApiRequestsBetween(day.TimeOf(UpstreamFaultDays.Storm.From), day.TimeOf(UpstreamFaultDays.Storm.To));
        var stormPolls = UpstreamFaultDays.Storm.To - UpstreamFaultDays.Storm.From + 1;
        output.WriteLine($"{stormRequests} API requests during a storm of {stormPolls} failed polls; {outcome.ApiRequests} in all");
        Assert.InRange(stormRequests, 1, stormPolls - 1);
        Assert.True(log.Count("circuit opened") >= 1, "the circuit breaker never opened during the storm");
        Assert.True(log.Count("no goal advances on a failed poll") >= 6, "failed polls were not reported");
        Assert.True(log.Count("was missing from a successful poll") >= 1, "the vanished fixture was not reported");
    }

    [Fact]
    public async Task A_served_storm_of_errors_hangs_and_cut_bodies_is_bounded_by_the_circuit_and_the_poller_recovers_alone()
    {
        var day = UpstreamFaultDays.Evening();
        day.WriteRecording(_recording);
        // What the daemon must end with: the storm's polls count for nothing, exactly as if they had been recorded as faults.
        var failedDuringStorm = UpstreamFaultDays.Evening();
        for (var poll = UpstreamFaultDays.Storm.From; poll <= UpstreamFaultDays.Storm.To; poll++)
            failedDuringStorm.Fault(poll, PollFault.ServerError(503));
        var expected = ExpectedOutcome.ForDay(failedDuringStorm);

        var options = await backends.OptionsFor(Backend.Sqlite);
        options.ApiFootball.RequestTimeout = TimeSpan.FromSeconds(3);
        options.ApiFootball.CircuitBreakDuration = TimeSpan.FromSeconds(120);
        var plan = new ServedFaultPlan((endpoint, query, now) => endpoint == ServedEndpoint.Fixtures ? FaultAt(day, query, now) : null);
        var log = CapturedLog.For(output);

        var outcome = await ReplayRunner.RunAsync(_recording, options, new ReplaySettings(Faults: plan), log.Logger);

        AssertOutcome(expected, outcome);
        var (from, to) = (day.TimeOf(UpstreamFaultDays.Storm.From), day.TimeOf(UpstreamFaultDays.Storm.To));
        var stormRequests = plan.ApiRequestsBetween(from, to);
        var stormPolls = UpstreamFaultDays.Storm.To - UpstreamFaultDays.Storm.From + 1;
        // Without a breaker every poll of the storm would call; with it, the calls that open it plus one probe per break.
        var bound = options.ApiFootball.CircuitMinimumThroughput
                    + (int)Math.Ceiling((to - from).TotalSeconds / options.ApiFootball.CircuitBreakDuration.TotalSeconds);
        output.WriteLine($"{stormRequests} API requests during a served storm of {stormPolls} polls (bound {bound}); faults served: " +
                         string.Join(", ", plan.Requests.Where(r => r.Fault is not null).Select(r => r.Fault!.GetType().Name).Distinct()));
        Assert.InRange(stormRequests, 1, Math.Min(bound, stormPolls - 1));
        Assert.True(log.Count("circuit opened") >= 1, "the circuit breaker never opened during the storm");
        Assert.True(plan.Requests.Where(r => r.At >= from && r.At <= to && r.Fault is not null).Select(r => r.Fault!.GetType()).Distinct().Count() >= 3,
            "the storm's probes met fewer than three kinds of fault");
        Assert.Contains(plan.Requests, r => r.Fault is ServedFault.SlowBody && r.At > to);
        Assert.True(plan.Requests.Where(r => r.At > to && r.Endpoint == ServedEndpoint.Fixtures).Count() > 50, "polling did not resume after the storm");
    }

    /// <summary>
    /// The ingest fails twice at the start; during the storm the upstream hangs past the client's time limit (3 s), answers
    /// 503, sends bodies too slow to finish in time, cuts bodies short, answers 429; later three answers are slow but in time.
    /// </summary>
    private static ServedFault? FaultAt(DayScenario day, string query, DateTimeOffset now)
    {
        var poll = day.PollAt(now);
        if (query.StartsWith("/fixtures?date=", StringComparison.Ordinal))
            return poll <= 2 ? new ServedFault.Status(503, "Service Unavailable") : null;
        return poll switch
        {
            32 => new ServedFault.Delay(TimeSpan.FromSeconds(10)),
            33 => new ServedFault.Status(503, "Service Unavailable"),
            >= 34 and <= 37 => new ServedFault.SlowBody(TimeSpan.FromSeconds(10)),
            >= 38 and <= 41 => new ServedFault.CutShort(),
            42 or 43 => new ServedFault.Status(429, "Too many requests", RetryAfter: TimeSpan.FromSeconds(1)),
            70 or 71 => new ServedFault.SlowBody(TimeSpan.FromMilliseconds(500)),
            80 => new ServedFault.Delay(TimeSpan.FromMilliseconds(500)),
            _ => null,
        };
    }

    private void AssertOutcome(ExpectedOutcome expected, ReplayOutcome outcome)
    {
        var actual = ExpectedOutcome.Parse(outcome.Summary.ToJson());
        foreach (var goal in actual.Goals) output.WriteLine(goal.ToString());
        var differences = expected.Diff(actual);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.DoesNotContain(outcome.Summary.Goals, g => g.Player == "C. Palmer");
        Assert.All(outcome.Summary.Fixtures, f => Assert.Equal("FT", f.Status));
        Assert.Contains(outcome.Summary.Goals, g => g is { Player: "D. Rice", State: "complete" });
        Assert.Contains(outcome.Summary.Goals, g => g is { Player: "C. Gakpo", State: "complete" });
    }

    public void Dispose()
    {
        if (Directory.Exists(_recording)) Directory.Delete(_recording, recursive: true);
    }
}
