namespace Footy.Discovery;

/// <summary>Recognises video containers from their first bytes.</summary>
public static class VideoSniffer
{
    /// <summary>Bytes needed for a confident answer (fewer are fine at end of file).</summary>
    public const int HeaderBytes = 512;

    /// <summary>
    /// The container's MIME type when the bytes start like a video file: ISO BMFF / MP4 / MOV / 3GP (a <c>ftyp</c> box,
    /// or a QuickTime <c>moov</c>/<c>mdat</c>/<c>free</c>/<c>wide</c>/<c>skip</c> box first), Matroska/WebM (EBML magic),
    /// MPEG-TS (0x47 sync byte at 0, 188 and 376), FLV, AVI; null otherwise (HTML, JSON, playlists, images...).
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8)
        {
            var box = head.Slice(4, 4);
            if (box.SequenceEqual("ftyp"u8))
            {
                if (head.Length >= 12 && head.Slice(8, 4).SequenceEqual("qt  "u8)) return "video/quicktime";
                if (head.Length >= 11 && head.Slice(8, 3).SequenceEqual("3gp"u8)) return "video/3gpp";
                return "video/mp4";
            }
            if (box.SequenceEqual("moov"u8) || box.SequenceEqual("mdat"u8) || box.SequenceEqual("wide"u8)
                || box.SequenceEqual("free"u8) || box.SequenceEqual("skip"u8))
                return "video/quicktime";
        }
        if (head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3) return "video/webm";
        if (head.Length >= 3 && head[..3].SequenceEqual("FLV"u8)) return "video/x-flv";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("AVI "u8)) return "video/x-msvideo";
        if (head.Length >= 377 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47) return "video/mp2t";
        return null;
    }
}
