using Footy.Recordings;
using Xunit;

namespace Footy.Recordings.Tests;

public sealed class RecordingTests
{
    private const string GoodManifest = """{ "name": "World Cup 2022 final", "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": 30 }""";
    private static readonly DateTimeOffset Start = new(2022, 12, 18, 14, 35, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{ "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": 30 }""", "'name'")]
    [InlineData("""{ "name": "  ", "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": 30 }""", "'name'")]
    [InlineData("""{ "name": 7, "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": 30 }""", "'name'")]
    [InlineData("""{ "name": "x", "poll_interval_seconds": 30 }""", "'start'")]
    [InlineData("""{ "name": "x", "start": "yesterday", "poll_interval_seconds": 30 }""", "'start'")]
    [InlineData("""{ "name": "x", "start": "2022-12-18T14:35:00Z" }""", "'poll_interval_seconds'")]
    [InlineData("""{ "name": "x", "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": 0 }""", "'poll_interval_seconds'")]
    [InlineData("""{ "name": "x", "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": -30 }""", "'poll_interval_seconds'")]
    [InlineData("""{ "name": "x", "start": "2022-12-18T14:35:00Z", "poll_interval_seconds": "30" }""", "'poll_interval_seconds'")]
    [InlineData("""{ "name": "x", "start": """, "not valid JSON")]
    [InlineData("""[ "name" ]""", "JSON object")]
    public void Load_rejects_a_bad_manifest_naming_file_and_field(string manifest, string expected)
    {
        using var dir = new TempDir();
        dir.File("recording.json", manifest);

        var ex = Assert.Throws<RecordingFormatException>(() => Recording.Load(dir.Path));

        Assert.Contains("recording.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_rejects_a_missing_folder_or_manifest()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "nope");
        Assert.Contains("does not exist", Assert.Throws<RecordingFormatException>(() => Recording.Load(missing)).Message);
        var ex = Assert.Throws<RecordingFormatException>(() => Recording.Load(dir.Path));
        Assert.Contains("recording.json", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Theory]
    [InlineData("fixtures/today.json", "today.json")]
    [InlineData("fixtures/2022-13-40.json", "2022-13-40.json")]
    [InlineData("polls/first.json", "first.json")]
    [InlineData("polls/000000.json", "000000.json")]
    public void Load_rejects_badly_named_data_files(string file, string expected)
    {
        using var dir = new TempDir();
        dir.File("recording.json", GoodManifest);
        dir.File(file, "{}");

        var ex = Assert.Throws<RecordingFormatException>(() => Recording.Load(dir.Path));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_rejects_the_same_poll_twice()
    {
        using var dir = new TempDir();
        dir.File("recording.json", GoodManifest);
        dir.File("polls/000001.json", "{}");
        dir.File("polls/1.json", "{}");
        Assert.Contains("poll 1", Assert.Throws<RecordingFormatException>(() => Recording.Load(dir.Path)).Message);
    }

    [Theory]
    [InlineData("""{ "id": "1" }""", "must be a JSON array")]
    [InlineData("""[ { "file": "a.mp4", "available_from_poll": 1, "text": "t" } ]""", "'id'")]
    [InlineData("""[ { "id": "1", "available_from_poll": 1, "text": "t" } ]""", "'file'")]
    [InlineData("""[ { "id": "1", "file": "../../etc/passwd", "available_from_poll": 1, "text": "t" } ]""", "'file'")]
    [InlineData("""[ { "id": "1", "file": "a.mp4", "available_from_poll": 0, "text": "t" } ]""", "'available_from_poll'")]
    [InlineData("""[ { "id": "1", "file": "a.mp4", "available_from_poll": 1 } ]""", "'text'")]
    [InlineData("""[ { "id": "1", "file": "a.mp4", "available_from_poll": 1, "text": "t" }, { "id": "1", "file": "b.mp4", "available_from_poll": 2, "text": "u" } ]""", "another clip")]
    public void Load_rejects_a_bad_clip_index(string index, string expected)
    {
        using var dir = new TempDir();
        dir.File("recording.json", GoodManifest);
        dir.File("clips/index.json", index);

        var ex = Assert.Throws<RecordingFormatException>(() => Recording.Load(dir.Path));

        Assert.Contains("index.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_tolerates_a_recording_without_polls_fixtures_or_clips()
    {
        using var dir = new TempDir();
        dir.File("recording.json", GoodManifest);

        var r = Recording.Load(dir.Path);

        Assert.Equal("World Cup 2022 final", r.Name);
        Assert.Equal(Start, r.Start);
        Assert.Equal(TimeSpan.FromSeconds(30), r.PollInterval);
        Assert.Equal(0, r.PollCount);
        Assert.Empty(r.FixtureDates);
        Assert.Empty(r.Clips);
        Assert.Null(r.PollIndexAt(Start.AddHours(5)));
        Assert.Equal(Start, r.LastPollAt);
    }

    [Fact]
    public void Load_reads_dates_polls_and_clips()
    {
        using var dir = new TempDir();
        dir.File("recording.json", """{ "name": "Final", "start": "2022-12-18T15:35:00+01:00", "poll_interval_seconds": 2.5 }""");
        dir.File("fixtures/2022-12-19.json", "{}");
        dir.File("fixtures/2022-12-18.json", "{}");
        dir.File("fixtures/notes.txt", "ignored");
        dir.File("polls/000001.json", "{}");
        dir.File("polls/000002.json", "{}");
        dir.File("polls/000004.json", "{}");
        dir.File("polls/.000005.json.abc.tmp", "ignored");
        dir.File("clips/index.json", """
            [ { "id": "1604531452713377792", "file": "a1.mp4", "available_from_poll": 24,
                "text": "Messi from the spot! Argentina 1-0 France #ARGFRA", "author": "someone" },
              { "id": 17, "file": "b.mp4", "available_from_poll": 3, "text": "Di María!" } ]
            """);

        var r = Recording.Load(dir.Path);

        Assert.Equal(Start, r.Start);
        Assert.Equal(TimeSpan.FromSeconds(2.5), r.PollInterval);
        Assert.Equal([new DateOnly(2022, 12, 18), new DateOnly(2022, 12, 19)], r.FixtureDates);
        Assert.Equal(4, r.PollCount);
        Assert.Equal(Start.AddSeconds(7.5), r.LastPollAt);
        Assert.Equal(2, r.Clips.Count);
        var clip = r.Clips[0];
        Assert.Equal("1604531452713377792", clip.Id);
        Assert.Equal("a1.mp4", clip.File);
        Assert.Equal(24, clip.AvailableFromPoll);
        Assert.Equal("Messi from the spot! Argentina 1-0 France #ARGFRA", clip.Text);
        Assert.Equal("someone", clip.Author);
        Assert.Equal(Path.Combine(dir.Path, "clips", "a1.mp4"), clip.FilePath);
        Assert.Equal("17", r.Clips[1].Id);
        Assert.Null(r.Clips[1].Author);
    }

    [Fact]
    public void PollTime_and_PollIndexAt_agree_at_the_boundaries()
    {
        using var dir = new TempDir();
        dir.File("recording.json", GoodManifest);
        for (var k = 1; k <= 3; k++) dir.File($"polls/{k:D6}.json", "{}");
        var r = Recording.Load(dir.Path);

        Assert.Equal(Start, r.PollTime(1));
        Assert.Equal(Start.AddSeconds(60), r.PollTime(3));
        Assert.Equal(Start.AddSeconds(60), r.LastPollAt);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.PollTime(0));

        Assert.Null(r.PollIndexAt(Start.AddTicks(-1)));
        Assert.Null(r.PollIndexAt(DateTimeOffset.MinValue));
        Assert.Equal(1, r.PollIndexAt(Start));
        Assert.Equal(1, r.PollIndexAt(Start.AddSeconds(30).AddTicks(-1)));
        Assert.Equal(2, r.PollIndexAt(Start.AddSeconds(30)));
        Assert.Equal(3, r.PollIndexAt(Start.AddSeconds(60)));
        Assert.Equal(3, r.PollIndexAt(Start.AddSeconds(89)));
        Assert.Equal(3, r.PollIndexAt(Start.AddDays(30))); // after the last, the last one
        Assert.Equal(2, r.PollIndexAt(Start.AddSeconds(30).ToOffset(TimeSpan.FromHours(-5)))); // offsets do not matter
    }
}
