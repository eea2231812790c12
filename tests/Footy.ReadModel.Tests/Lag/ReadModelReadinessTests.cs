using Footy.Daemon.Configuration;
using Footy.Daemon.ReadModel;
using Footy.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Footy.ReadModel.Tests.Lag;

/// <summary>
/// A read model behind the journal keeps the node ready while it gains on it (a first start catching up on a season of
/// history), and makes it not ready once it has stopped gaining for <c>MaxLagSeconds</c>.
/// </summary>
public sealed class ReadModelReadinessTests
{
    private static readonly ReadModelOptions Limits = new() { MaxLagEvents = 2_000, MaxLagSeconds = 120 };
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));

    private static ReadModelLagReading Behind(long events, long position) => new(events, 3_600, position);

    [Fact]
    public void Within_the_limits_the_read_model_is_healthy()
    {
        var readiness = new ReadModelReadiness(Limits, _clock);
        Assert.Equal(HealthStatus.Healthy, readiness.Judge(new ReadModelLagReading(12, 1.5, 40_000)).Status);
    }

    [Fact]
    public void Far_behind_at_the_first_reading_it_is_not_ready_until_it_is_seen_gaining()
    {
        var readiness = new ReadModelReadiness(Limits, _clock);
        Assert.Equal(HealthStatus.Unhealthy, readiness.Judge(Behind(ReadModelLag.CountLimit, 0)).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, readiness.Judge(Behind(ReadModelLag.CountLimit, 0)).Status);
    }

    [Fact]
    public void A_catch_up_through_history_keeps_the_node_ready_while_the_position_moves_on()
    {
        var readiness = new ReadModelReadiness(Limits, _clock);
        readiness.Judge(Behind(ReadModelLag.CountLimit, 0));
        for (var position = 1_000; position <= 30_000; position += 1_000)
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            var result = readiness.Judge(Behind(ReadModelLag.CountLimit, position));
            Assert.Equal(HealthStatus.Healthy, result.Status);
            Assert.Contains("catching up", result.Description);
        }
        // The end of the history: fewer than the counted events are left, and fewer at every reading.
        for (var left = 9_000; left > 2_000; left -= 1_000)
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(HealthStatus.Healthy, readiness.Judge(Behind(left, 40_000 - left)).Status);
        }
    }

    [Fact]
    public void A_projection_that_stops_gaining_makes_the_node_not_ready_after_MaxLagSeconds()
    {
        var readiness = new ReadModelReadiness(Limits, _clock);
        readiness.Judge(Behind(5_000, 1_000));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, readiness.Judge(Behind(4_000, 2_000)).Status);
        // Stalled: the same events pending, the position stuck.
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HealthStatus.Healthy, readiness.Judge(Behind(4_000, 2_000)).Status);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HealthStatus.Unhealthy, readiness.Judge(Behind(4_000, 2_000)).Status);
    }

    [Fact]
    public void A_projection_slower_than_the_journal_grows_its_lag_and_makes_the_node_not_ready()
    {
        var readiness = new ReadModelReadiness(Limits, _clock);
        readiness.Judge(Behind(3_000, 1_000));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, readiness.Judge(Behind(2_900, 1_100)).Status);
        // The position moves on, but the pending events grow: it loses ground.
        for (var i = 1; i <= 13; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            readiness.Judge(Behind(2_900 + 100 * i, 1_100 + 50 * i));
        }
        Assert.Equal(HealthStatus.Unhealthy, readiness.Judge(Behind(4_300, 1_800)).Status);
    }
}
