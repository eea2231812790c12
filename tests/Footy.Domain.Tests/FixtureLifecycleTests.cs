using Footy.Domain.Fixtures;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

public class FixtureLifecycleTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(30);

    private static FixtureLifecycle ActiveFixture() => FixtureLifecycle.Scheduled(T0, "NS").Activate();

    [Theory]
    [InlineData("NS")]
    [InlineData("TBD")]
    [InlineData("1H")]
    [InlineData("FT")]
    [InlineData("PST")]
    public void Scheduled_always_starts_in_staging(string status)
    {
        var f = FixtureLifecycle.Scheduled(T0, status);
        Assert.Equal(FixturePhase.Staging, f.Phase);
        Assert.Equal(status, f.Status);
        Assert.Equal(T0, f.Kickoff);
        Assert.Null(f.LastObservedAt);
        Assert.False(f.IsPolled);
    }

    [Fact]
    public void Activates_only_within_the_lead_before_kickoff()
    {
        var f = FixtureLifecycle.Scheduled(T0, "NS");
        Assert.False(f.ShouldActivate(T0 - Lead - TimeSpan.FromSeconds(1), Lead));
        Assert.True(f.ShouldActivate(T0 - Lead, Lead));
        Assert.True(f.ShouldActivate(T0 + TimeSpan.FromHours(3), Lead));
    }

    [Fact]
    public void A_fixture_ingested_as_finished_is_still_activated_so_its_goals_are_seen()
    {
        var f = FixtureLifecycle.Scheduled(T0, "FT");
        Assert.True(f.ShouldActivate(T0 + TimeSpan.FromHours(2), Lead));
        var polled = f.Activate().Observe("FT", At(1), gracePolls: 2);
        Assert.Equal(FixturePhase.Finishing, polled.Phase);
        Assert.True(polled.IsPolled);
    }

    [Fact]
    public void Postponed_fixtures_are_not_activated()
    {
        var f = FixtureLifecycle.Scheduled(T0, "PST");
        Assert.False(f.ShouldActivate(T0 + TimeSpan.FromHours(1), Lead));
    }

    [Fact]
    public void Only_staging_fixtures_activate()
    {
        var active = ActiveFixture();
        Assert.Equal(FixturePhase.Active, active.Phase);
        Assert.True(active.IsPolled);
        Assert.False(active.ShouldActivate(T0, Lead));
        Assert.Same(active, active.Activate());
    }

    [Fact]
    public void Ended_status_starts_grace_polls_then_finishes()
    {
        var f = ActiveFixture().Observe("2H", At(10), 3);
        Assert.Equal(FixturePhase.Active, f.Phase);

        f = f.Observe("FT", At(20), 3);
        Assert.Equal(FixturePhase.Finishing, f.Phase);
        Assert.Equal(3, f.GracePollsLeft);
        Assert.True(f.IsPolled);

        f = f.Observe("FT", At(30), 3);
        Assert.Equal((FixturePhase.Finishing, 2), (f.Phase, f.GracePollsLeft));
        f = f.Observe("FT", At(40), 3);
        Assert.Equal((FixturePhase.Finishing, 1), (f.Phase, f.GracePollsLeft));
        f = f.Observe("FT", At(50), 3);
        Assert.Equal((FixturePhase.Finished, 0), (f.Phase, f.GracePollsLeft));
        Assert.False(f.IsPolled);
    }

    [Fact]
    public void Zero_grace_polls_finish_at_once()
    {
        var f = ActiveFixture().Observe("AET", At(1), 0);
        Assert.Equal(FixturePhase.Finished, f.Phase);
    }

    [Theory]
    [InlineData("ET")]
    [InlineData("P")]
    [InlineData("2H")]
    [InlineData("WEIRD")]
    public void Finishing_goes_back_to_active_when_the_match_resumes(string status)
    {
        var f = ActiveFixture().Observe("FT", At(1), 3).Observe(status, At(2), 3);
        Assert.Equal(FixturePhase.Active, f.Phase);
        Assert.Equal(0, f.GracePollsLeft);
        Assert.Equal(status, f.Status);

        f = f.Observe("AET", At(3), 3);
        Assert.Equal((FixturePhase.Finishing, 3), (f.Phase, f.GracePollsLeft));
    }

    [Fact]
    public void Active_postponed_goes_back_to_staging_until_rescheduled()
    {
        var f = ActiveFixture().Observe("PST", At(1), 3);
        Assert.Equal(FixturePhase.Staging, f.Phase);
        Assert.False(f.IsPolled);
        Assert.False(f.ShouldActivate(T0 + TimeSpan.FromHours(1), Lead));

        var newKickoff = T0.AddDays(7);
        f = f.Reschedule(newKickoff, "NS");
        Assert.Equal(FixturePhase.Staging, f.Phase);
        Assert.Equal(newKickoff, f.Kickoff);
        Assert.False(f.ShouldActivate(T0.AddDays(1), Lead));
        Assert.True(f.ShouldActivate(newKickoff - Lead, Lead));
    }

    [Theory]
    [InlineData("NS")]
    [InlineData("TBD")]
    [InlineData("PST")]
    public void A_not_started_status_after_the_end_neither_reopens_nor_unfinishes_but_counts_as_a_grace_poll(string status)
    {
        var f = ActiveFixture().Observe("FT", At(1), 3).Observe(status, At(2), 3);
        Assert.Equal((FixturePhase.Finishing, 2, "FT"), (f.Phase, f.GracePollsLeft, f.Status));

        f = f.Observe(status, At(3), 3).Observe(status, At(4), 3);
        Assert.Equal((FixturePhase.Finished, "FT"), (f.Phase, f.Status));
    }

    [Theory]
    [InlineData("NS")]
    [InlineData("PST")]
    public void A_not_started_status_in_play_is_ignored_and_the_match_stays_polled(string status)
    {
        var f = ActiveFixture().Observe("2H", At(1), 3).Observe(status, At(2), 3);
        Assert.Equal((FixturePhase.Active, "2H", At(2)), (f.Phase, f.Status, f.LastObservedAt));

        f = f.Observe("FT", At(3), 3);
        Assert.Equal(FixturePhase.Finishing, f.Phase);
    }

    [Fact]
    public void Going_back_between_in_play_statuses_only_records_the_status()
    {
        var f = ActiveFixture().Observe("2H", At(1), 3).Observe("HT", At(2), 3);
        Assert.Equal((FixturePhase.Active, "HT"), (f.Phase, f.Status));
    }

    [Fact]
    public void Stale_or_repeated_observations_are_ignored()
    {
        var f = ActiveFixture().Observe("FT", At(10), 3);
        Assert.Same(f, f.Observe("2H", At(10), 3));
        Assert.Same(f, f.Observe("2H", At(5), 3));
        Assert.Equal(At(10), f.LastObservedAt);
        Assert.Equal(3, f.GracePollsLeft);
    }

    [Fact]
    public void Finished_stays_finished_on_observation()
    {
        var f = ActiveFixture().Observe("FT", At(1), 0);
        var g = f.Observe("2H", At(2), 3);
        Assert.Equal(FixturePhase.Finished, g.Phase);
        Assert.Equal("2H", g.Status);
        Assert.Equal(At(2), g.LastObservedAt);
    }

    [Fact]
    public void Staging_only_records_observed_status()
    {
        var f = FixtureLifecycle.Scheduled(T0, "NS").Observe("1H", At(1), 3);
        Assert.Equal(FixturePhase.Staging, f.Phase);
        Assert.Equal("1H", f.Status);
        Assert.Equal(At(1), f.LastObservedAt);
    }

    [Fact]
    public void Unknown_status_keeps_an_active_fixture_polled()
    {
        var f = ActiveFixture().Observe("???", At(1), 3);
        Assert.Equal(FixturePhase.Active, f.Phase);
    }

    [Fact]
    public void Reschedule_keeps_the_phase_of_a_polled_fixture()
    {
        var f = ActiveFixture().Observe("1H", At(1), 3);
        var g = f.Reschedule(T0.AddMinutes(15), "NS");
        Assert.Equal(FixturePhase.Active, g.Phase);
        Assert.Equal(T0.AddMinutes(15), g.Kickoff);
        Assert.Equal("NS", g.Status);
        Assert.Equal(f.LastObservedAt, g.LastObservedAt);

        var finishing = f.Observe("FT", At(2), 3).Reschedule(T0, "FT");
        Assert.Equal((FixturePhase.Finishing, 3), (finishing.Phase, finishing.GracePollsLeft));
    }

    [Fact]
    public void Reschedule_keeps_staging_in_staging()
    {
        var f = FixtureLifecycle.Scheduled(T0, "TBD").Reschedule(T0.AddHours(2), "1H");
        Assert.Equal(FixturePhase.Staging, f.Phase);
        Assert.Equal("1H", f.Status);
        Assert.Equal(T0.AddHours(2), f.Kickoff);
    }

    [Fact]
    public void A_finished_fixture_stays_finished_on_a_plain_re_ingest()
    {
        var f = ActiveFixture().Observe("FT", At(1), 0);
        Assert.Equal(FixturePhase.Finished, f.Reschedule(T0, "FT").Phase);
        Assert.Equal(FixturePhase.Finished, f.Reschedule(T0, "NS").Phase);
        Assert.Equal(FixturePhase.Finished, f.Reschedule(T0.AddDays(3), "FT").Phase);
    }

    [Fact]
    public void A_finished_fixture_replayed_at_a_new_kickoff_is_staged_again()
    {
        var f = ActiveFixture().Observe("ABD", At(1), 0);
        var replay = f.Reschedule(T0.AddDays(10), "NS");
        Assert.Equal(FixturePhase.Staging, replay.Phase);
        Assert.True(replay.ShouldActivate(T0.AddDays(10), Lead));
    }

    [Theory]
    [InlineData(FixturePhase.Staging, 0, "NS", false)]
    [InlineData(FixturePhase.Staging, 0, "PST", true)]
    [InlineData(FixturePhase.Staging, 60, "NS", true)]
    [InlineData(FixturePhase.Active, 60, "NS", false)]
    [InlineData(FixturePhase.Active, 0, "PST", false)]
    [InlineData(FixturePhase.Finishing, 60, "NS", false)]
    [InlineData(FixturePhase.Finished, 0, "NS", false)]
    [InlineData(FixturePhase.Finished, 0, "FT", false)]
    [InlineData(FixturePhase.Finished, 60, "FT", false)]
    [InlineData(FixturePhase.Finished, 60, "PST", false)]
    [InlineData(FixturePhase.Finished, 60, "NS", true)]
    [InlineData(FixturePhase.Finished, 60, "TBD", true)]
    public void An_ingest_reschedules_a_staging_fixture_on_any_change_and_a_finished_one_only_when_replayed(
        FixturePhase phase, int minutesLater, string status, bool rescheduled)
    {
        var f = phase switch
        {
            FixturePhase.Staging => FixtureLifecycle.Scheduled(T0, "NS"),
            FixturePhase.Active => ActiveFixture(),
            FixturePhase.Finishing => ActiveFixture().Observe("FT", At(1), 3),
            _ => ActiveFixture().Observe("ABD", At(1), 0),
        };
        Assert.Equal(phase, f.Phase);
        Assert.Equal(rescheduled, f.IsRescheduledBy(T0.AddMinutes(minutesLater), status));
        if (phase == FixturePhase.Finished) Assert.Equal(rescheduled, f.Reschedule(T0.AddMinutes(minutesLater), status).Phase == FixturePhase.Staging);
    }

    [Fact]
    public void Negative_grace_polls_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ActiveFixture().Observe("FT", At(1), -1));
}
