using FsCheck.Xunit;
using Footy.Domain.Fixtures;
using static Footy.Domain.Tests.TestData;

namespace Footy.Domain.Tests;

public class FixtureLifecycleProperties
{
    private static readonly string[] Statuses = ["NS", "1H", "HT", "2H", "ET", "P", "FT", "AET", "PEN", "PST", "XYZ", "ABD"];

    [Property(MaxTest = 300)]
    public void Finished_only_after_grace_polls_of_consecutive_ended_statuses(byte[] ops, byte grace)
    {
        var gracePolls = grace % 4;
        var f = FixtureLifecycle.Scheduled(T0, "NS").Activate();
        var observed = new List<string>();
        var i = 0;
        foreach (var op in ops ?? [])
        {
            var status = Statuses[op % Statuses.Length];
            var wasFinished = f.Phase == FixturePhase.Finished;
            var wasStaging = f.Phase == FixturePhase.Staging;
            f = f.Observe(status, At(++i), gracePolls);
            observed.Add(status);

            if (wasFinished) Assert.Equal(FixturePhase.Finished, f.Phase);
            if (wasStaging) Assert.Equal(FixturePhase.Staging, f.Phase);
            if (f.Phase == FixturePhase.Finished && !wasFinished)
            {
                var tail = observed.TakeLast(gracePolls + 1).ToList();
                Assert.Equal(gracePolls + 1, tail.Count);
                Assert.Equal(StatusKind.Ended, FixtureStatusRules.Classify(tail[0]));
                Assert.All(tail, s => Assert.NotEqual(StatusKind.InPlay, FixtureStatusRules.Classify(s)));
                Assert.Equal(StatusKind.Ended, f.StatusKind);
            }

            Assert.Equal(f.Phase is FixturePhase.Active or FixturePhase.Finishing, f.IsPolled);
            Assert.InRange(f.GracePollsLeft, 0, gracePolls);
        }
    }

    [Property(MaxTest = 300)]
    public void Once_kicked_off_a_fixture_never_goes_back_to_not_started_staging_or_unfinished(byte[] ops)
    {
        var f = FixtureLifecycle.Scheduled(T0, "NS").Activate();
        var i = 0;
        foreach (var op in ops ?? [])
        {
            var kickedOff = f.HasKickedOff;
            var before = f;
            f = f.Observe(Statuses[op % Statuses.Length], At(++i), 3);
            if (!kickedOff) continue;

            Assert.True(f.HasKickedOff, $"{before.Status} -> {f.Status}");
            if (before.Phase != FixturePhase.Staging) Assert.NotEqual(FixturePhase.Staging, f.Phase);
            if (before.Phase == FixturePhase.Finished) Assert.Equal(FixturePhase.Finished, f.Phase);
        }
    }

    [Property(MaxTest = 200)]
    public void Stale_observations_never_change_anything(byte[] ops, byte stale)
    {
        var f = FixtureLifecycle.Scheduled(T0, "NS").Activate();
        var i = 0;
        foreach (var op in ops ?? [])
        {
            f = f.Observe(Statuses[op % Statuses.Length], At(++i), 2);
        }

        var replayed = f.Observe(Statuses[stale % Statuses.Length], At(i - stale % (i + 1)), 2);
        if (i > 0) Assert.Same(f, replayed);
    }
}
