using System.Text.Json;
using Xunit;

namespace Footy.Scenarios.Tests;

/// <summary>The fault evening's recording holds what it claims, and its oracle treats failed polls as no observation.</summary>
public sealed class UpstreamFaultDaysTests
{
    [Fact]
    public void The_trap_goal_stands_only_if_failed_polls_counted_as_sightings()
    {
        var clean = ExpectedOutcome.ForDay(UpstreamFaultDays.Evening());
        var faulty = ExpectedOutcome.ForDay(UpstreamFaultDays.WithRecordedFaults());

        Assert.Contains(clean.Goals, g => g is { Player: "C. Palmer", State: "cancelled" });
        Assert.DoesNotContain(faulty.Goals, g => g.Player == "C. Palmer");
        Assert.Equal(7, faulty.Goals.Count);
        Assert.All(faulty.Goals, g => Assert.Equal("complete", g.State));
    }

    [Fact]
    public void Backward_statuses_to_not_started_do_not_count_for_the_final_status()
    {
        var expected = ExpectedOutcome.ForDay(UpstreamFaultDays.Evening());

        Assert.All(expected.Fixtures, f => Assert.Equal("FT", f.Status));
        Assert.Contains(expected.Goals, g => g is { Player: "C. Gakpo", State: "complete" });
    }

    [Fact]
    public void The_vanished_fixture_is_missing_from_its_polls_and_events_are_shuffled()
    {
        var day = UpstreamFaultDays.Evening();

        Assert.DoesNotContain(Ids(day.PollFileJson(58)), id => id == UpstreamFaultDays.LiverpoolEverton);
        Assert.Contains(Ids(day.PollFileJson(63)), id => id == UpstreamFaultDays.LiverpoolEverton);
        var minutes = Enumerable.Range(100, 20).Select(k => EventMinutes(day.PollFileJson(k), UpstreamFaultDays.ArsenalChelsea)).ToList();
        Assert.Contains(minutes, m => !m.SequenceEqual(m.Order()));
    }

    [Fact]
    public void Recorded_faults_are_failed_answers_a_client_cannot_read_as_data()
    {
        var day = UpstreamFaultDays.WithRecordedFaults();

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(day.PollFileJson(66)).Dispose());
        Assert.StartsWith("<html>", day.PollFileJson(72));
        using var badGateway = JsonDocument.Parse(day.PollFileJson(102));
        Assert.Equal(502, badGateway.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith("<html>", badGateway.RootElement.GetProperty("body").GetString());
        using var badKey = JsonDocument.Parse(day.PollFileJson(84));
        Assert.True(badKey.RootElement.GetProperty("errors").TryGetProperty("token", out _));
        using var storm = JsonDocument.Parse(day.PollFileJson(UpstreamFaultDays.Storm.From));
        Assert.NotEqual(200, storm.RootElement.GetProperty("status").GetInt32());
    }

    private static List<long> Ids(string pollJson)
    {
        using var doc = JsonDocument.Parse(pollJson);
        return doc.RootElement.GetProperty("response").EnumerateArray().Select(f => f.GetProperty("fixture").GetProperty("id").GetInt64()).ToList();
    }

    private static List<int> EventMinutes(string pollJson, long fixture)
    {
        using var doc = JsonDocument.Parse(pollJson);
        return doc.RootElement.GetProperty("response").EnumerateArray()
            .Where(f => f.GetProperty("fixture").GetProperty("id").GetInt64() == fixture)
            .SelectMany(f => f.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("time").GetProperty("elapsed").GetInt32()).ToList();
    }
}
