using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Footy.Web.Tests.Support;

namespace Footy.Web.Tests;

/// <summary>The goals page's JSON API and clip URLs, over HTTP, on the daemon that played the 2022 final.</summary>
[Collection(FinalCollection.Name)]
public sealed class WebApiTests(FinalDaemon final)
{
    private HttpClient Http => final.Daemon.Http;

    private IEnumerable<JsonElement> Goals => final.Settled.GetProperty("fixtures").EnumerateArray().SelectMany(f => f.GetProperty("goals").EnumerateArray());

    private JsonElement GoalWithClips => Goals.First(g => g.GetProperty("clips").GetArrayLength() > 0);

    private string ClipUrl => GoalWithClips.GetProperty("clips")[0].GetProperty("url").GetString()!;

    private byte[] StoredBytes(string clipUrl) =>
        File.ReadAllBytes(Path.Combine(final.Daemon.DataDirectory, "clips", new Uri(clipUrl).AbsolutePath["/clips/".Length..]));

    [Fact]
    public void The_day_lists_the_final_with_every_goal_its_state_and_its_kept_clips_best_first()
    {
        var fixture = Assert.Single(final.Settled.GetProperty("fixtures").EnumerateArray());
        Assert.Equal("2022-12-18", final.Settled.GetProperty("date").GetString());
        Assert.True(final.Settled.GetProperty("position").GetInt64() > 0);
        Assert.Equal((979139L, "Argentina", "France", "PEN", false),
            (fixture.GetProperty("id").GetInt64(), fixture.GetProperty("home").GetString(), fixture.GetProperty("away").GetString(),
             fixture.GetProperty("status").GetString(), fixture.GetProperty("live").GetBoolean()));
        Assert.Equal(
            final.Expected.Select(g => (g.Player, g.Minute, g.Team, g.State)).Order(),
            Goals.Select(g => (g.GetProperty("player").GetString()!, g.GetProperty("minute").GetInt32(), g.GetProperty("team").GetString()!,
                g.GetProperty("state").GetString()!)).Order());
        Assert.Equal(Goals.Select(g => g.GetProperty("minute").GetInt32()).Order(), Goals.Select(g => g.GetProperty("minute").GetInt32()));

        var cancelled = Assert.Single(Goals, g => g.GetProperty("state").GetString() == "cancelled");
        Assert.Equal(("R. Kolo Muani", "Cancelled by VAR", 0),
            (cancelled.GetProperty("player").GetString(), cancelled.GetProperty("stateText").GetString(), cancelled.GetProperty("clips").GetArrayLength()));
        var withClips = Goals.Where(g => g.GetProperty("clips").GetArrayLength() > 0).ToList();
        Assert.Equal(2, withClips.Count); // clips were posted for the first three goals; the cancelled one's were deleted
        foreach (var goal in withClips)
        {
            Assert.Equal("Complete", goal.GetProperty("stateText").GetString());
            var clips = goal.GetProperty("clips").EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, clips.Count), clips.Select(c => c.GetProperty("rank").GetInt32()));
            Assert.All(clips, c => Assert.StartsWith(new Uri(final.Daemon.Web, "clips/979139/").ToString(), c.GetProperty("url").GetString()));
            Assert.All(clips, c => Assert.True(c.GetProperty("width").GetInt32() >= 1280 && c.GetProperty("bytes").GetInt64() > 0 && c.GetProperty("duration").GetDouble() > 3));
        }
        // Final score after the goals in order: 1-0, 2-0, (2-1 cancelled), 2-1, 2-2, 3-2, 3-3.
        Assert.Equal("3-3", Goals.Last().GetProperty("homeScoreAfter").GetInt32() + "-" + Goals.Last().GetProperty("awayScoreAfter").GetInt32());
    }

    [Theory]
    [InlineData("2022-13-01")]
    [InlineData("18.12.2022")]
    [InlineData("yesterday")]
    public async Task A_bad_date_answers_400_with_a_message_naming_the_format(string date)
    {
        using var response = await Http.GetAsync($"api/fixtures?date={Uri.EscapeDataString(date)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains("YYYY-MM-DD", error);
        Assert.Contains(date, error);
    }

    [Fact]
    public async Task A_day_without_matches_is_empty_and_the_days_list_names_the_final()
    {
        var empty = await Http.GetFromJsonAsync<JsonElement>("api/fixtures?date=2022-12-19");
        Assert.Equal(0, empty.GetProperty("fixtures").GetArrayLength());

        var days = await Http.GetFromJsonAsync<JsonElement>("api/days");
        Assert.Equal(["2022-12-18"], days.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task One_goal_answers_with_its_clips_whose_urls_serve_the_stored_mp4()
    {
        var id = GoalWithClips.GetProperty("id").GetString()!;

        var goal = await Http.GetFromJsonAsync<JsonElement>($"api/goals/{id}");

        Assert.Equal(GoalWithClips.GetProperty("player").GetString(), goal.GetProperty("player").GetString());
        Assert.Equal(new Uri(final.Daemon.Web, "goals/" + id).ToString(), goal.GetProperty("url").GetString());
        foreach (var clip in goal.GetProperty("clips").EnumerateArray())
        {
            var url = clip.GetProperty("url").GetString()!;
            using var response = await Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(clip.GetProperty("bytes").GetInt64(), bytes.LongLength);
            Assert.Equal(StoredBytes(url), bytes);
        }
    }

    [Theory]
    [InlineData("979139-99")]
    [InlineData("not-a-goal")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task An_unknown_goal_answers_404(string id)
    {
        using var api = await Http.GetAsync($"api/goals/{id}");
        using var page = await Http.GetAsync($"goals/{id}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (api.StatusCode, page.StatusCode));
    }

    [Fact]
    public async Task A_range_of_a_clip_answers_206_with_exactly_those_bytes()
    {
        var stored = StoredBytes(ClipUrl);

        foreach (var (range, from, length) in new[] { (new RangeHeaderValue(0, 99), 0, 100), (new RangeHeaderValue(null, 100), stored.Length - 100, 100),
                     (new RangeHeaderValue(1000, null), 1000, stored.Length - 1000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ClipUrl) { Headers = { Range = range } };
            using var response = await Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(new ContentRangeHeaderValue(from, from + length - 1, stored.Length), response.Content.Headers.ContentRange);
            Assert.Equal(stored.AsSpan(from, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_range_past_the_end_of_a_clip_answers_416_with_its_size()
    {
        var size = StoredBytes(ClipUrl).Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, ClipUrl) { Headers = { Range = new RangeHeaderValue(size, size + 10) } };

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{size}", response.Content.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task A_clip_answers_head_and_a_conditional_request_by_its_etag()
    {
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, ClipUrl));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(StoredBytes(ClipUrl).Length, head.Content.Headers.ContentLength);

        using var again = new HttpRequestMessage(HttpMethod.Get, ClipUrl) { Headers = { IfNoneMatch = { head.Headers.ETag! } } };
        using var notModified = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/clips/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/clips/../../etc/passwd")]
    [InlineData("/clips/%2e%2e/%2e%2e/journal.db")]
    [InlineData("/clips/979139/979139-1/..%2F..%2F..%2Fjournal.db")]
    [InlineData("/clips/979139/979139-1/979139-1_00000000.mp4")]
    [InlineData("/clips/979139/979139-1/979139-1_00000000.mp4.json")]
    [InlineData("/clips/journal.db")]
    [InlineData("/clips/")]
    public async Task A_key_that_is_not_a_stored_clip_answers_404(string path)
    {
        Assert.Equal(404, await RawHttp.StatusOfAsync(final.Daemon.Web, path));
    }

    [Fact]
    public async Task A_stored_clip_s_sidecar_is_not_served()
    {
        var sidecar = new Uri(ClipUrl).AbsolutePath + ".json";
        Assert.True(File.Exists(Path.Combine(final.Daemon.DataDirectory, "clips", sidecar["/clips/".Length..])));

        Assert.Equal(404, await RawHttp.StatusOfAsync(final.Daemon.Web, sidecar));
    }

    [Theory]
    [InlineData("GET", "api/status")]
    [InlineData("GET", "metrics")]
    [InlineData("GET", "healthz")]
    [InlineData("GET", "api/fixtures/979139")]
    [InlineData("GET", "api/logs")]
    [InlineData("POST", "api/backfill?date=2022-12-18")]
    [InlineData("POST", "api/cluster/leave")]
    public async Task No_admin_route_is_reachable_from_the_goals_page(string method, string path)
    {
        Assert.NotEqual(final.Daemon.Admin.Port, final.Daemon.Web.Port);
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
    }

    [Fact]
    public async Task Writes_are_refused_and_change_nothing()
    {
        var id = GoalWithClips.GetProperty("id").GetString()!;
        using var retry = await Http.PostAsync($"api/goals/{id}/retry", null);
        using var delete = await Http.DeleteAsync(ClipUrl);
        using var post = await Http.PostAsync("api/fixtures?date=2022-12-18", null);

        Assert.All([retry, delete, post], r => Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, r.StatusCode.ToString()));
        using var clip = await Http.GetAsync(ClipUrl);
        Assert.Equal(StoredBytes(ClipUrl), await clip.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_page_and_its_files_allow_only_their_own_script_style_and_clips()
    {
        foreach (var (path, type) in new[] { ("", "text/html"), ("app.js", "text/javascript"), ("app.css", "text/css") })
        {
            using var response = await Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("media-src 'self'", policy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task The_event_stream_starts_with_a_refresh_hint_carrying_the_read_model_position()
    {
        using var response = await Http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var lines = new List<string>();
        while (lines.Count < 4) lines.Add((await reader.ReadLineAsync())!);

        Assert.Equal(["retry: 5000", "", "event: refresh"], lines[..3]);
        Assert.True(long.Parse(lines[3]["data: ".Length..]) >= final.Settled.GetProperty("position").GetInt64(), lines[3]);
    }
}
