using Footy.Deployment.Tests.Infrastructure;

namespace Footy.Deployment.Tests;

/// <summary>deploy/Dockerfile and deploy/footy.service: the two ways the daemon is installed.</summary>
public sealed class ImageAndServiceTests
{
    [Fact]
    public void The_image_runs_on_the_aspnet_runtime_as_a_non_root_user_and_builds_for_any_target_architecture()
    {
        var dockerfile = Dockerfile.Load();
        var build = dockerfile.Stages[0];
        Assert.StartsWith("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0", build[0], StringComparison.Ordinal);
        Assert.Contains(build, i => i.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && i.Contains("-a $TARGETARCH", StringComparison.Ordinal));
        Assert.Equal("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Runtime[0]);
        var user = Assert.Single(dockerfile.Runtime, i => i.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain(user[5..].Trim(), new[] { "root", "0" });
        var packages = Assert.Single(dockerfile.Runtime, i => i.Contains("apt-get install", StringComparison.Ordinal));
        foreach (var tool in new[] { "ffmpeg", "curl", "tini" }) Assert.Contains($" {tool} ", packages, StringComparison.Ordinal);
        Assert.Contains("/opt/yt-dlp/bin/pip install", packages, StringComparison.Ordinal);
        Assert.Equal("/opt/yt-dlp/bin/yt-dlp", dockerfile.FootyEnvironment()["FOOTY_Clips__YtDlpPath"]);
    }

    [Fact]
    public void The_build_context_leaves_out_builds_secrets_and_rendered_clips_but_keeps_the_sources()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var pattern in new[] { "**/bin/", "**/obj/", ".git", ".env", ".footy" }) Assert.Contains(pattern, ignored);
        foreach (var copied in Dockerfile.Load().Stages[0].Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(i => i[5..].Split(' ')[..^1]))
            Assert.DoesNotContain(copied.TrimEnd('/') + "/", ignored);
    }

    [Fact]
    public void The_systemd_unit_notifies_is_hardened_and_may_write_only_the_data_directory()
    {
        var unit = SystemdUnit.Load();
        Assert.Equal("notify", unit.Value("Type"));
        Assert.Equal("yes", unit.Value("NoNewPrivileges"));
        Assert.Equal("strict", unit.Value("ProtectSystem"));
        Assert.Equal("yes", unit.Value("PrivateTmp"));
        Assert.Equal("yes", unit.Value("ProtectHome"));
        Assert.Equal("", unit.Value("CapabilityBoundingSet"));
        Assert.NotNull(unit.Value("MemoryMax"));
        Assert.NotEqual("root", unit.Value("User"));
        // The .NET JIT needs memory that is written, then executed.
        Assert.Null(unit.Value("MemoryDenyWriteExecute"));

        var configuration = System.Text.Json.JsonDocument.Parse(Repository.Read(SystemdUnit.RepositoryFileOf(unit.ConfigFile)));
        var dataDirectory = configuration.RootElement.GetProperty("DataDirectory").GetString();
        Assert.Equal(dataDirectory, unit.Value("ReadWritePaths"));
        Assert.Equal(dataDirectory, "/var/lib/" + unit.Value("StateDirectory"));
    }
}
