using System.Diagnostics;
using Footy.Deployment.Tests.Infrastructure;

namespace Footy.Deployment.Tests;

/// <summary>How footy is published for the Pi and the image (docs/benchmarks.md, "Start-up and footprint").</summary>
public sealed class PublishTests
{
    [Theory]
    [InlineData("linux-arm64", "true", "false")]
    [InlineData("linux-x64", "true", "false")]
    [InlineData("", "", "")]
    public void A_publish_for_a_runtime_is_precompiled_and_untiered_and_a_build_for_any_runtime_keeps_the_JIT_defaults(
        string runtime, string readyToRun, string tiered)
    {
        Assert.Equal(readyToRun, CliProperty("PublishReadyToRun", runtime));
        Assert.Equal(tiered, CliProperty("TieredCompilation", runtime));
    }

    /// <summary>The property as MSBuild evaluates src/Footy.Cli for that runtime, as <c>dotnet publish -r</c> (or <c>-a</c>) sets it.</summary>
    private static string CliProperty(string name, string runtime)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var arg in new[] { "msbuild", Repository.PathOf("src/Footy.Cli/Footy.Cli.csproj"), $"-getProperty:{name}", "-nologo" })
            start.ArgumentList.Add(arg);
        if (runtime.Length > 0) start.ArgumentList.Add($"-p:RuntimeIdentifier={runtime}");
        using var msbuild = Process.Start(start)!;
        var output = msbuild.StandardOutput.ReadToEndAsync();
        var errors = msbuild.StandardError.ReadToEndAsync();
        msbuild.WaitForExit();
        Assert.True(msbuild.ExitCode == 0, $"dotnet msbuild failed: {output.Result}{errors.Result}");
        return output.Result.Trim();
    }
}
