using Footy.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Footy.Web;

/// <summary>
/// <c>/clips/{key}</c>: a stored clip streamed from the clip store (filesystem or S3, proxied), with HTTP Range support so a
/// browser can seek and start playing before the whole clip has arrived. Only a valid clip key that the store holds is
/// served; anything else (an unknown key, a path that tries to leave the store) answers 404. The URL stays the same
/// when a better copy replaces the clip; the ETag (its MD5) changes with it.
/// </summary>
internal static class ClipStreaming
{
    private const string Mp4 = "video/mp4";

    public static async Task ServeAsync(HttpContext http, string? key, IClipStore store)
    {
        var ct = http.RequestAborted;
        if (!ClipKey.TryParse(key, out var clipKey) || await store.StatAsync(clipKey, ct) is not { } stored)
        {
            await WebRoutes.NotFoundAsync(http, "no such clip");
            return;
        }
        var total = stored.Bytes;
        var etag = new EntityTagHeaderValue($"\"{stored.ETagOrMd5}\"");
        var request = http.Request.GetTypedHeaders();
        var response = http.Response.GetTypedHeaders();
        response.ETag = etag;
        response.CacheControl = new CacheControlHeaderValue { NoCache = true };
        http.Response.Headers.AcceptRanges = "bytes";
        if (request.IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (offset, length) = (0L, total);
        if (RangeOf(request, etag) is { } range)
        {
            if (Satisfy(range, total) is not { } satisfied)
            {
                http.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.ContentRange = new ContentRangeHeaderValue(total);
                return;
            }
            (offset, length) = satisfied;
            http.Response.StatusCode = StatusCodes.Status206PartialContent;
            response.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, total);
        }
        http.Response.ContentType = Mp4;
        http.Response.ContentLength = length;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        try
        {
            await store.CopyRangeAsync(clipKey, offset, length, http.Response.Body, ct);
        }
        catch (StorageException)
        {
            // The headers are gone already: cutting the connection short is the only honest answer left.
            http.Abort();
        }
    }

    /// <summary>
    /// The one byte range asked for, when the request asks for exactly one of the current copy; several ranges at once are
    /// answered with the whole clip (which HTTP allows), as is a range for a copy the browser no longer has (If-Range).
    /// </summary>
    private static RangeItemHeaderValue? RangeOf(RequestHeaders request, EntityTagHeaderValue etag)
    {
        if (request.Range is not { Unit.Value: "bytes", Ranges.Count: 1 } range) return null;
        if (request.IfRange is { } ifRange && ifRange.EntityTag?.Compare(etag, useStrongComparison: true) != true) return null;
        return range.Ranges.Single();
    }

    /// <summary>Offset and length of <paramref name="range"/> in a clip of <paramref name="total"/> bytes; null when none of it is there.</summary>
    private static (long Offset, long Length)? Satisfy(RangeItemHeaderValue range, long total)
    {
        if (range.From is not { } from)
        {
            var suffix = Math.Min(range.To ?? 0, total);
            return suffix <= 0 ? null : (total - suffix, suffix);
        }
        if (from >= total) return null;
        var to = Math.Min(range.To ?? total - 1, total - 1);
        return (from, to - from + 1);
    }
}
