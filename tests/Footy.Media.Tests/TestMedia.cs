using Footy.Media.Synthetic;
using Footy.Media.Tests.Synthetic;

namespace Footy.Media.Tests;

/// <summary>Small real media files made with ffmpeg for the tests, in a temp directory per fixture.</summary>
public sealed class TestMedia : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "footy-media-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ToolRunner _runner = new(new MediaToolsOptions { ProcessTimeout = TimeSpan.FromMinutes(2) });

    public TestMedia() => System.IO.Directory.CreateDirectory(Directory);

    public string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Runs ffmpeg with the given arguments; {out} is replaced by the output path.</summary>
    public async Task<string> FfmpegAsync(string name, params string[] args)
    {
        var output = PathOf(name);
        var full = new List<string> { "-nostdin", "-hide_banner", "-v", "error", "-y" };
        full.AddRange(args.Select(a => a.Replace("{out}", output, StringComparison.Ordinal)));
        var outcome = await _runner.RunAsync("ffmpeg", full);
        if (!outcome.Succeeded) throw new InvalidOperationException($"ffmpeg for {name} failed: {outcome.Failure!.Describe()}");
        return output;
    }

    /// <summary>A short synthetic football clip (the labelled set's scene, shortened) at the given size.</summary>
    public Task<string> SceneAsync(string name, int width, int height, double seconds, int seed = 101, string extra = "")
    {
        var scene = LabelledSet.Goals[0] with { Seed = seed, CameraSeed = seed, WideSeconds = Math.Max(1, seconds - 1.5), CloseUpSeconds = Math.Min(1.5, seconds / 2) };
        var args = SyntheticFootage.RenderArguments(scene, "{out}", width, height, crf: 23, preset: "ultrafast");
        return FfmpegAsync(name, args.Skip(5).ToArray()); // drop the common -nostdin/-hide_banner/-v error/-y prefix
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
