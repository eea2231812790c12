using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Footy.Storage;
using Footy.Web.Tests.Support;
using Microsoft.Playwright;

namespace Footy.Web.Tests;

/// <summary>
/// The final played with the S3 clip store (a real s3rver): the page plays a clip the daemon stored in S3, a range of it answers
/// 206 with exactly those bytes of the stored object, and a clip's URL keeps working, with the new bytes, when a better copy
/// replaces the object under the same key.
/// </summary>
[Collection(FinalCollection.Name)]
public sealed class ClipsFromS3Tests(FinalDaemon final)
{
    private HttpClient Http => final.S3Daemon.Http;

    private IEnumerable<JsonElement> Clips => final.S3Settled.GetProperty("fixtures").EnumerateArray()
        .SelectMany(f => f.GetProperty("goals").EnumerateArray()).SelectMany(g => g.GetProperty("clips").EnumerateArray());

    private static ClipKey KeyOf(string clipUrl) => ClipKey.Parse(new Uri(clipUrl).AbsolutePath["/clips/".Length..]);

    private static async Task<byte[]> StoredBytesAsync(IClipStore store, ClipKey key)
    {
        var stored = await store.StatAsync(key) ?? throw new InvalidOperationException($"{key} is not in S3");
        using var bytes = new MemoryStream();
        await store.CopyRangeAsync(key, 0, stored.Bytes, bytes);
        return bytes.ToArray();
    }

    [Fact]
    public async Task A_clip_stored_in_S3_plays_in_the_page_and_a_range_answers_206_with_exactly_its_bytes()
    {
        Assert.Equal(2, final.S3Settled.GetProperty("fixtures")[0].GetProperty("goals").EnumerateArray().Count(g => g.GetProperty("clips").GetArrayLength() > 0));
        using var store = final.S3Store();
        foreach (var clip in Clips)
        {
            var url = clip.GetProperty("url").GetString()!;
            var stored = await StoredBytesAsync(store, KeyOf(url));
            Assert.Equal(clip.GetProperty("bytes").GetInt64(), stored.LongLength);
            Assert.False(File.Exists(Path.Combine(final.S3Daemon.DataDirectory, "clips", KeyOf(url).ToString())), "the S3 daemon wrote the clip to its disk");

            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(0, 99) } };
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(new ContentRangeHeaderValue(0, 99, stored.Length), response.Content.Headers.ContentRange);
            Assert.Equal(stored[..100], await response.Content.ReadAsByteArrayAsync());
        }

        var page = await final.Chromium.PhoneAsync();
        await page.GotoAsync(new Uri(final.S3Daemon.Web, "?date=2022-12-18").ToString());
        var video = page.Locator(".goal video").First;
        await Assertions.Expect(video).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await video.ScrollIntoViewIfNeededAsync();
        await video.EvaluateAsync("video => { video.muted = true; return video.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('.goal video').currentTime > 0.5", null, new() { Timeout = 30_000 });
        Assert.StartsWith(new Uri(final.S3Daemon.Web, "clips/").ToString(), await video.EvaluateAsync<string>("video => video.currentSrc"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_clip_s_url_keeps_working_with_the_new_bytes_when_a_better_copy_replaces_it()
    {
        // The daemon keeps a clip's key when it stores a better copy of it (ClipReplaced keeps the key: see ReadModelFoldTests), so
        // its URL, built from the key alone, is the one published before; the store swaps the bytes under it.
        var clips = Clips.Select(c => c.GetProperty("url").GetString()!).ToList();
        var (url, other) = (clips[0], clips.Last(c => c != clips[0]));
        using var store = final.S3Store();
        var key = KeyOf(url);
        var before = (await store.StatAsync(key))!;
        var original = await StoredBytesAsync(store, key);
        using var first = await Http.GetAsync(url);
        var oldTag = first.Headers.ETag!;
        try
        {
            await PutAsync(store, key, await StoredBytesAsync(store, KeyOf(other)), before.Metadata);
            await AssertServesTheNewCopyAsync(store, key, url, before, oldTag);
        }
        finally
        {
            // The other tests of the final read the clip as the daemon stored it.
            await PutAsync(store, key, original, before.Metadata);
        }
    }

    private static async Task PutAsync(IClipStore store, ClipKey key, byte[] bytes, ClipMetadata meta)
    {
        var file = Path.Combine(Path.GetTempPath(), $"footy-copy-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            await store.PutAsync(key, file, meta);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task AssertServesTheNewCopyAsync(IClipStore store, ClipKey key, string url, StoredObject before, EntityTagHeaderValue oldTag)
    {

        var now = await StoredBytesAsync(store, key);
        Assert.NotEqual(before.Bytes, now.LongLength);
        using var again = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(now, await again.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(oldTag, again.Headers.ETag);
        // A player resuming the old copy (If-Range with its ETag) gets the new clip whole, never a mix of the two.
        using var resume = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(100, null), IfRange = new RangeConditionHeaderValue(oldTag) } };
        using var resumed = await Http.SendAsync(resume);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(now, await resumed.Content.ReadAsByteArrayAsync());
        var day = JsonDocument.Parse(await Http.GetStringAsync("api/fixtures?date=2022-12-18")).RootElement;
        Assert.Contains(url, day.GetProperty("fixtures").EnumerateArray().SelectMany(f => f.GetProperty("goals").EnumerateArray())
            .SelectMany(g => g.GetProperty("clips").EnumerateArray()).Select(c => c.GetProperty("url").GetString()));
    }
}
