using Microsoft.AspNetCore.Http;

namespace Footy.Web;

/// <summary>The page's three files, embedded in the assembly: the HTML shell, the script that renders it, the style.</summary>
internal static class PageAssets
{
    public sealed record Asset(string ContentType, byte[] Bytes);

    public static readonly Asset Page = Load("index.html", "text/html; charset=utf-8");
    public static readonly Asset Script = Load("app.js", "text/javascript; charset=utf-8");
    public static readonly Asset Style = Load("app.css", "text/css; charset=utf-8");

    public static Task WriteAsync(HttpContext http, Asset asset)
    {
        http.Response.ContentType = asset.ContentType;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.ContentLength = asset.Bytes.Length;
        return http.Response.Body.WriteAsync(asset.Bytes, http.RequestAborted).AsTask();
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("Page/" + name)
                           ?? throw new InvalidOperationException($"The page file {name} is not embedded in {typeof(PageAssets).Assembly.GetName().Name}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return new Asset(contentType, bytes.ToArray());
    }
}
