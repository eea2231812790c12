using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Footy.Media;

/// <summary>
/// A clip's perceptual fingerprint: one 64-bit DCT pHash (see <see cref="PerceptualHash"/>) per sampled frame, frames
/// sampled by timestamp every <see cref="FrameIntervalSeconds"/> (0.25 s at the default 4 fps) from the start of the
/// clip, after cropping letterbox/pillarbox bars. <see cref="MirrorHashes"/>[i] is the hash of frame i mirrored
/// horizontally. <see cref="Crop"/> is the crop that was applied, in ffmpeg's <c>crop=w:h:x:y</c> form in the clip's
/// displayed (autorotated) pixels, or null. <see cref="DurationSeconds"/> is the clip's container duration as probed;
/// the hashes cover about Hashes.Length x FrameIntervalSeconds of it.
///
/// Persistence: System.Text.Json round-trips it; the two hash arrays are written as base64 of little-endian uint64s
/// (a 90 s clip is ~2 x 3.9 KB) and plain JSON number arrays are accepted on read. Equality compares array contents.
/// </summary>
public sealed record VideoFingerprint(
    double FrameIntervalSeconds,
    [property: JsonConverter(typeof(HashArrayJsonConverter))] ulong[] Hashes,
    [property: JsonConverter(typeof(HashArrayJsonConverter))] ulong[] MirrorHashes,
    string? Crop,
    double DurationSeconds)
{
    [JsonIgnore] public int FrameCount => Hashes.Length;

    public bool Equals(VideoFingerprint? other) =>
        other is not null &&
        FrameIntervalSeconds.Equals(other.FrameIntervalSeconds) &&
        DurationSeconds.Equals(other.DurationSeconds) &&
        string.Equals(Crop, other.Crop, StringComparison.Ordinal) &&
        Hashes.AsSpan().SequenceEqual(other.Hashes) &&
        MirrorHashes.AsSpan().SequenceEqual(other.MirrorHashes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(FrameIntervalSeconds);
        hash.Add(DurationSeconds);
        hash.Add(Crop);
        foreach (var h in Hashes) hash.Add(h);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"VideoFingerprint({Hashes.Length} frames @ {FrameIntervalSeconds:0.###} s, crop {Crop ?? "none"}, {DurationSeconds:0.##} s)";
}

/// <summary>Writes ulong[] as base64 (little-endian); reads base64 or a JSON array of numbers.</summary>
public sealed class HashArrayJsonConverter : JsonConverter<ulong[]>
{
    public override ulong[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            {
                var bytes = reader.GetBytesFromBase64();
                if (bytes.Length % 8 != 0) throw new JsonException("hash array length is not a multiple of 8 bytes");
                var result = new ulong[bytes.Length / 8];
                for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
                return result;
            }
            case JsonTokenType.StartArray:
            {
                var list = new List<ulong>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(reader.GetUInt64());
                return list.ToArray();
            }
            case JsonTokenType.Null:
                return [];
            default:
                throw new JsonException($"unexpected token {reader.TokenType} for a hash array");
        }
    }

    public override void Write(Utf8JsonWriter writer, ulong[] value, JsonSerializerOptions options)
    {
        var bytes = new byte[value.Length * 8];
        for (var i = 0; i < value.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), value[i]);
        writer.WriteBase64StringValue(bytes);
    }
}
