using Footy.Cli.Tests.Infrastructure;
using Footy.Daemon.Tests.Infrastructure;

namespace Footy.Cli.Tests;

/// <summary><c>footy demo --data</c> never deletes a directory it did not make.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "footy-demo-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Demo_refuses_a_non_empty_directory_it_did_not_make_and_deletes_nothing()
    {
        var precious = Path.Combine(_directory, "journal", "production.db");
        Directory.CreateDirectory(Path.GetDirectoryName(precious)!);
        await File.WriteAllTextAsync(precious, "an operator's data");

        var result = await FootyProcess.RunAsync(["demo", "--data", _directory], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was not made by `footy demo`; nothing was deleted", result.Stderr);
        Assert.Equal("an operator's data", await File.ReadAllTextAsync(precious));
        Assert.Equal([precious], Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
