using Xunit;
using Xunit.Abstractions;

namespace Footy.Scenarios.Tests;

/// <summary>
/// The recordings committed under recordings/ must be exactly what the generator writes.
/// To regenerate them: <c>FOOTY_REGENERATE_RECORDINGS=1 dotnet test tests/Footy.Scenarios.Tests --filter Committed_recordings_are_up_to_date</c>.
/// </summary>
public class BundledRecordingsTests
{
    private readonly ITestOutputHelper _out;
    public BundledRecordingsTests(ITestOutputHelper output) { _out = output; }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Footy.Actors.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Footy.Actors.sln not found above " + AppContext.BaseDirectory);
    }

    private static List<string> GeneratedFiles(string dir) =>
        Directory.GetFiles(dir, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("clips/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Committed_recordings_are_up_to_date()
    {
        var recordings = Path.Combine(RepoRoot(), "recordings");
        if (Environment.GetEnvironmentVariable("FOOTY_REGENERATE_RECORDINGS") == "1")
            BundledRecordings.WriteAll(recordings);

        using var tmp = new TempDir();
        BundledRecordings.WriteAll(tmp.Path);
        long total = 0;
        foreach (var name in BundledRecordings.All.Keys)
        {
            var committed = Path.Combine(recordings, name);
            var fresh = Path.Combine(tmp.Path, name);
            Assert.True(Directory.Exists(committed), $"recordings/{name} is missing: regenerate (see recordings/README.md)");
            var files = GeneratedFiles(fresh);
            Assert.Equal(files, GeneratedFiles(committed));
            foreach (var f in files)
            {
                var a = File.ReadAllBytes(Path.Combine(fresh, f));
                var b = File.ReadAllBytes(Path.Combine(committed, f));
                Assert.True(a.AsSpan().SequenceEqual(b), $"recordings/{name}/{f} is out of date: regenerate (see recordings/README.md)");
                total += b.Length;
            }
            RecordingChecker.Check(committed);
        }
        _out.WriteLine($"bundled recordings: {total / 1024.0 / 1024.0:F2} MB");
    }

    [Fact]
    public void Committed_expected_files_match_the_oracle()
    {
        var recordings = Path.Combine(RepoRoot(), "recordings");
        foreach (var (name, build) in BundledRecordings.All)
        {
            var onDisk = ExpectedOutcome.Load(Path.Combine(recordings, name, "expected.json"));
            Assert.Empty(ExpectedOutcome.ForDay(build()).Diff(onDisk));
        }
    }
}
