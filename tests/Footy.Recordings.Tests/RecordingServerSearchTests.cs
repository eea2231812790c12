using System.Net;
using System.Text.Json;
using Footy.Recordings;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Footy.Recordings.Tests;

/// <summary>The recording server playing the search service (docs/search-service.md) over clips/index.json.</summary>
public sealed class RecordingServerSearchTests
{
    private static readonly DateTimeOffset Start = new(2022, 12, 18, 15, 0, 0, TimeSpan.Zero);   // poll k at Start + (k-1) * 30 s
    private static readonly HttpClient Http = new();

    private static readonly byte[] Video = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 1, 2, 3, 4, 5, 6, 7, 8];

    private static TempDir Recording()
    {
        var dir = new TempDir();
        dir.File("recording.json", """{ "name": "World Cup 2022 final", "start": "2022-12-18T15:00:00Z", "poll_interval_seconds": 30 }""");
        dir.File("clips/index.json", """
            [ { "id": "1604531452713377792", "file": "a1.mp4", "available_from_poll": 48,
                "text": "Messi from the spot! Argentina 1-0 France #ARGFRA", "author": "someone" },
              { "id": "1604531452713377999", "file": "sub/b c.mp4", "available_from_poll": 50,
                "text": "MESSÍ penalty, ARGENTINA lead 🔥", "author": null },
              { "id": "42", "file": "di-maria.mp4", "available_from_poll": 72,
                "text": "Ángel Di María makes it 2-0 for Argentina" },
              { "id": "43", "file": "missing.mp4", "available_from_poll": 10,
                "text": "Ghost clip of a deleted post" } ]
            """);
        File.WriteAllBytes(Path.Combine(dir.Path, "clips", "a1.mp4"), Video);
        Directory.CreateDirectory(Path.Combine(dir.Path, "clips", "sub"));
        File.WriteAllBytes(Path.Combine(dir.Path, "clips", "sub", "b c.mp4"), Video.Reverse().ToArray());
        File.WriteAllBytes(Path.Combine(dir.Path, "clips", "di-maria.mp4"), Video);
        File.WriteAllBytes(Path.Combine(dir.Path, "clips", "not-indexed.mp4"), Video);
        return dir;
    }

    private sealed class Clock(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; set; } = now;
    }

    private static DateTimeOffset Poll(int k) => Start.AddSeconds((k - 1) * 30);

    private static async Task<(RecordingServer Server, Clock Clock)> Serve(TempDir dir, DateTimeOffset now)
    {
        var clock = new Clock(now);
        var server = await RecordingServer.StartAsync(Footy.Recordings.Recording.Load(dir.Path), () => clock.Now, NullLogger.Instance);
        return (server, clock);
    }

    private static async Task<List<JsonElement>> Search(RecordingServer server, string query)
    {
        using var response = await Http.GetAsync(new Uri(server.SearchBaseUrl, "search?" + query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("posts").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static IEnumerable<string> Ids(List<JsonElement> posts) => posts.Select(p => p.GetProperty("id").GetString()!);

    [Fact]
    public async Task Clips_appear_at_the_virtual_time_of_their_poll()
    {
        using var dir = Recording();
        var (server, clock) = await Serve(dir, Poll(48).AddSeconds(-1));
        await using var _ = server;

        Assert.Empty(await Search(server, "q=Messi+Argentina"));
        clock.Now = Poll(48);
        var found = await Search(server, "q=Messi+Argentina");
        var post = Assert.Single(found);
        Assert.Equal("1604531452713377792", post.GetProperty("id").GetString());
        Assert.Equal("Messi from the spot! Argentina 1-0 France #ARGFRA", post.GetProperty("text").GetString());
        Assert.Equal("someone", post.GetProperty("author").GetString());
        Assert.Equal(Poll(48), DateTimeOffset.Parse(post.GetProperty("posted_at").GetString()!));
        Assert.EndsWith("Z", post.GetProperty("posted_at").GetString());
        Assert.Equal(new Uri(server.BaseUrl, "clips/a1.mp4").AbsoluteUri, post.GetProperty("video_url").GetString());
        Assert.Equal(JsonValueKind.Null, post.GetProperty("page_url").ValueKind);

        clock.Now = Poll(200);
        Assert.Equal(["1604531452713377792", "1604531452713377999"], Ids(await Search(server, "q=messi%20ARGENTINA")));
    }

    [Fact]
    public async Task Matching_is_whole_words_case_and_accent_insensitive_and_needs_every_word()
    {
        using var dir = Recording();
        var (server, _) = await Serve(dir, Poll(100));
        await using var _s = server;

        Assert.Equal(["1604531452713377792", "1604531452713377999"], Ids(await Search(server, "q=MESSI")));
        Assert.Equal(["1604531452713377999"], Ids(await Search(server, "q=mess%C3%AD+penalty")));
        Assert.Equal(["42"], Ids(await Search(server, "q=angel+di+MARIA")));
        Assert.Equal(["42"], Ids(await Search(server, "q=%C3%81ngel+D%C3%AD+Mar%C3%ADa")));
        Assert.Empty(await Search(server, "q=Messi+Brazil"));
        Assert.Empty(await Search(server, "q=Mess"));                    // whole words only
        Assert.Equal(["1604531452713377792"], Ids(await Search(server, "q=%23argfra")));
    }

    [Fact]
    public async Task Since_and_limit_bound_the_results()
    {
        using var dir = Recording();
        var (server, _) = await Serve(dir, Poll(100));
        await using var _s = server;

        Assert.Equal(["1604531452713377792", "1604531452713377999"], Ids(await Search(server, "q=messi&since=" + Uri.EscapeDataString(Poll(48).ToString("O")))));
        Assert.Equal(["1604531452713377999"], Ids(await Search(server, "q=messi&since=2022-12-18T15:23:30.001Z")));
        Assert.Equal(["1604531452713377999"], Ids(await Search(server, "q=messi&since=2022-12-18T16:24:00%2B01:00")));
        Assert.Empty(await Search(server, "q=messi&since=2022-12-18T15:24:31Z"));
        Assert.Equal(["1604531452713377792"], Ids(await Search(server, "q=argentina&limit=1")));
        Assert.Equal(3, (await Search(server, "q=argentina&limit=500")).Count);
        // the clip whose file is missing is still listed (the download gets a 404, like a deleted post)
        Assert.Contains("43", Ids(await Search(server, "q=ghost")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=")]
    [InlineData("q=%20%21%21")]
    [InlineData("q=messi&since=yesterday")]
    [InlineData("q=messi&limit=0")]
    [InlineData("q=messi&limit=-3")]
    [InlineData("q=messi&limit=ten")]
    public async Task Bad_requests_get_400_with_a_json_error(string query)
    {
        using var dir = Recording();
        var (server, _) = await Serve(dir, Poll(100));
        await using var _s = server;
        using var response = await Http.GetAsync(new Uri(server.SearchBaseUrl, "search?" + query));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Serves_indexed_clip_files_and_nothing_else()
    {
        using var dir = Recording();
        var (server, _) = await Serve(dir, Poll(100));
        await using var _s = server;

        using (var ok = await Http.GetAsync(new Uri(server.BaseUrl, "clips/a1.mp4")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("video/mp4", ok.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Video.Length, ok.Content.Headers.ContentLength);
            Assert.Equal(Video, await ok.Content.ReadAsByteArrayAsync());
        }

        var sub = (await Search(server, "q=penalty")).Single().GetProperty("video_url").GetString()!;
        Assert.EndsWith("/clips/sub/b%20c.mp4", sub);
        Assert.Equal(Video.Reverse().ToArray(), await Http.GetByteArrayAsync(sub));

        using (var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(server.BaseUrl, "clips/a1.mp4"))))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(Video.Length, head.Content.Headers.ContentLength);
        }

        foreach (var path in new[] { "clips/missing.mp4", "clips/not-indexed.mp4", "clips/", "clips/index.json", "clips/../recording.json",
                     "clips/%2e%2e/recording.json", "clips/..%2Frecording.json", "clips/sub%2Fb%20c.mp4", "clips/A1.MP4", "clips//etc/passwd" })
        {
            using var response = await Http.GetAsync(server.BaseUrl.AbsoluteUri + path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_recording_without_clips_finds_nothing_and_fixture_routes_still_work()
    {
        using var dir = new TempDir();
        dir.File("recording.json", """{ "name": "x", "start": "2022-12-18T15:00:00Z", "poll_interval_seconds": 30 }""");
        var (server, _) = await Serve(dir, Poll(10));
        await using var _s = server;
        Assert.Empty(await Search(server, "q=messi"));
        using var fixtures = await Http.GetAsync(new Uri(server.BaseUrl, "fixtures?date=2022-12-18"));
        Assert.Equal(HttpStatusCode.OK, fixtures.StatusCode);
        using var post = await Http.PostAsync(new Uri(server.BaseUrl, "search?q=messi"), new StringContent(""));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
