using System.Text.Json;
using System.Text.Json.Serialization;

namespace Footy.Media.Synthetic;

/// <summary>
/// A recording's generated clips, described instead of stored: the masters (synthetic goal footage) and, per clip,
/// the post that carries it and how its copy differs from the master (trim, resolution, logo, mirror...).
/// <see cref="RenderAsync"/> makes the missing mp4 files with ffmpeg and writes the recording's clips/index.json,
/// so a bundled recording can ship with clips, duplicates included, without shipping video.
/// </summary>
public sealed record ClipPlan(
    [property: JsonPropertyName("masters")] IReadOnlyList<PlannedMaster> Masters,
    [property: JsonPropertyName("clips")] IReadOnlyList<PlannedClip> Clips)
{
    public const string FileName = "plan.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ClipPlan? Load(string recordingDirectory) =>
        IsIn(recordingDirectory) ? JsonSerializer.Deserialize<ClipPlan>(File.ReadAllText(PathIn(recordingDirectory)), Json) : null;

    /// <summary>Whether the recording has a clip plan (rendered or not).</summary>
    public static bool IsIn(string recordingDirectory) => File.Exists(PathIn(recordingDirectory));

    private static string PathIn(string recordingDirectory) => Path.Combine(recordingDirectory, "clips", FileName);

    public void Save(string recordingDirectory)
    {
        var clips = Path.Combine(recordingDirectory, "clips");
        Directory.CreateDirectory(clips);
        File.WriteAllText(Path.Combine(clips, FileName), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>Renders every missing master and clip (the masters under clips/.masters) and writes clips/index.json.</summary>
    public async Task RenderAsync(string recordingDirectory, MediaToolsOptions tools, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var clips = Path.Combine(recordingDirectory, "clips");
        var masters = Path.Combine(clips, ".masters");
        Directory.CreateDirectory(masters);
        var runner = new ToolRunner(tools with { ProcessTimeout = TimeSpan.FromMinutes(5) });
        var masterFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var master in Masters)
        {
            var file = Path.Combine(masters, master.Name + ".mp4");
            masterFiles[master.Name] = file;
            if (File.Exists(file)) continue;
            progress?.Report($"rendering master footage {master.Name}");
            await RunAsync(runner, tools, SyntheticFootage.RenderArguments(master.Scene(), file + ".tmp.mp4", master.Width, master.Height), file, ct);
        }
        foreach (var clip in Clips)
        {
            var file = Path.Combine(clips, clip.File);
            if (File.Exists(file)) continue;
            progress?.Report($"rendering clip {clip.File}");
            await RunAsync(runner, tools, SyntheticFootage.VariantArguments(masterFiles[clip.Master], file + ".tmp.mp4", clip.Variant), file, ct);
        }
        var index = Clips.Select(c => new IndexEntry(c.Id, c.File, c.AvailableFromPoll, c.Text, c.Author)).ToList();
        await File.WriteAllTextAsync(Path.Combine(clips, "index.json"), JsonSerializer.Serialize(index, Json), ct);
    }

    private static async Task RunAsync(ToolRunner runner, MediaToolsOptions tools, IReadOnlyList<string> arguments, string target, CancellationToken ct)
    {
        var temporary = target + ".tmp.mp4";
        var outcome = await runner.RunAsync(tools.FfmpegPath, arguments, ct);
        if (!outcome.Succeeded || !File.Exists(temporary))
        {
            File.Delete(temporary);
            throw new IOException($"ffmpeg could not render {Path.GetFileName(target)}: {outcome.Failure}");
        }
        File.Move(temporary, target, overwrite: true);
    }

    private sealed record IndexEntry(string Id, string File, int AvailableFromPoll, string Text, string? Author);
}

/// <summary>Synthetic footage of one goal (see <see cref="SyntheticFootage"/>); <see cref="Look"/> is m1 or m2.</summary>
public sealed record PlannedMaster(string Name, string Look, int Seed, string Score, int Minute, bool HomeScored, int Width = 1920, int Height = 1080)
{
    public GoalScene Scene() => new(Look == "m2" ? SyntheticFootage.OtherMatch : SyntheticFootage.DefaultMatch, Name, Seed, Score, Minute, HomeScored);
}

/// <summary>One post with a clip: a copy of a master made as <see cref="Variant"/> says.</summary>
public sealed record PlannedClip(string Id, string File, string Master, int AvailableFromPoll, string Text, string? Author, VariantSpec Variant);
