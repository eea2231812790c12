using Footy.Daemon.Replay;
using Footy.Daemon.Tests.Infrastructure;
using Footy.Recordings;
using Xunit.Abstractions;

namespace Footy.Daemon.Tests.Replay;

/// <summary>
/// What the daemon records while it runs (the path of <c>footy record</c>: the API client's traffic and the
/// poller's cycles into a RecordingWriter) is a recording that replays to the same outcome.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RecordTests(JournalBackends backends, ITestOutputHelper output)
{
    [Fact]
    public async Task A_recording_made_by_the_daemon_replays_to_the_same_summary()
    {
        var source = Summaries.Recording("world-cup-final-2022");
        var captured = Path.Combine(Path.GetTempPath(), "footy-recorded-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var recorder = new RecordingWriter(captured, "re-recorded final", Recording.Load(source).PollInterval);
            var original = (await ReplayRunner.RunAsync(source, await backends.OptionsFor(Backend.Sqlite),
                new ReplaySettings(Recorder: recorder), TestLogging.For(output))).Summary;

            var rerecorded = Recording.Load(captured);
            Assert.Equal("re-recorded final", rerecorded.Name);
            Assert.NotEmpty(rerecorded.FixtureDates);
            Assert.True(rerecorded.PollCount > 300, $"only {rerecorded.PollCount} polls were recorded");

            var replayed = (await ReplayRunner.RunAsync(captured, await backends.OptionsFor(Backend.Sqlite), new ReplaySettings(), TestLogging.For(output))).Summary;

            Assert.Equal(Summaries.Normalize(original).Fixtures, Summaries.Normalize(replayed).Fixtures);
            Assert.Equal(Summaries.Normalize(original).Goals, Summaries.Normalize(replayed).Goals);
        }
        finally
        {
            if (Directory.Exists(captured)) Directory.Delete(captured, recursive: true);
        }
    }
}
