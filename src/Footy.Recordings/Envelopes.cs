using System.Text;
using System.Text.Json;

namespace Footy.Recordings;

/// <summary>API-Football envelope helpers shared by the server and the writer.</summary>
internal static class Envelopes
{
    public static bool HasErrors(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var e)) return false;
        return e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().Any(),
            JsonValueKind.Array => e.GetArrayLength() > 0,
            JsonValueKind.String => !string.IsNullOrWhiteSpace(e.GetString()),
            JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
            _ => true,
        };
    }

    /// <summary>True for the fault shape <c>{"status": N, "body": ...}</c>.</summary>
    public static bool IsStatusFile(JsonElement root, out int status, out JsonElement body)
    {
        status = 0;
        body = default;
        if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("response", out _)) return false;
        if (!root.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out status)) return false;
        if (status is < 100 or > 599) return false;
        if (!root.TryGetProperty("body", out body)) body = default;
        return true;
    }

    /// <summary>Writes an envelope whose <c>response</c> holds the given raw fixture objects.</summary>
    public static byte[] Build(string get, string paramName, string paramValue, IEnumerable<string> rawFixtures, string? pagingRaw = null)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("get", get);
            w.WriteStartObject("parameters");
            w.WriteString(paramName, paramValue);
            w.WriteEndObject();
            w.WriteStartArray("errors");
            w.WriteEndArray();
            w.WritePropertyName("results");
            // results is filled after the array: count first.
            var list = rawFixtures as IReadOnlyCollection<string> ?? rawFixtures.ToList();
            w.WriteNumberValue(list.Count);
            w.WritePropertyName("paging");
            if (pagingRaw is not null) w.WriteRawValue(pagingRaw, skipInputValidation: true);
            else
            {
                w.WriteStartObject();
                w.WriteNumber("current", 1);
                w.WriteNumber("total", 1);
                w.WriteEndObject();
            }
            w.WriteStartArray("response");
            foreach (var f in list) w.WriteRawValue(f, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Empty(string paramName, string paramValue) => Build("fixtures", paramName, paramValue, Array.Empty<string>());

    public static byte[] ErrorEnvelope(string paramName, string paramValue, string errorKey, string message)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("get", "fixtures");
            w.WriteStartObject("parameters");
            w.WriteString(paramName, paramValue);
            w.WriteEndObject();
            w.WriteStartObject("errors");
            w.WriteString(errorKey, message);
            w.WriteEndObject();
            w.WriteNumber("results", 0);
            w.WriteStartObject("paging");
            w.WriteNumber("current", 1);
            w.WriteNumber("total", 1);
            w.WriteEndObject();
            w.WriteStartArray("response");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Writes a file atomically: a temporary file in the same folder, then a rename over the target.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> content)
    {
        var dir = Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    public static void WriteAtomic(string path, string content) => WriteAtomic(path, Encoding.UTF8.GetBytes(content));
}
