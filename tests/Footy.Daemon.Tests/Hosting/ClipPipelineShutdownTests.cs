using System.Threading.Channels;
using Akka.Actor;
using Footy.Daemon.Clips;
using Footy.Daemon.Configuration;
using Footy.Discovery;
using Footy.Media;
using Footy.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Footy.Daemon.Tests.Hosting;

/// <summary>
/// The clip pipeline's streams run on the node's actor system, so they are drained while it still runs: a clip in a stage
/// when the node stops is finished and answered before the system terminates (once it has, its streams never complete).
/// </summary>
public sealed class ClipPipelineShutdownTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "footy-pipeline-shutdown-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_clip_in_a_stage_when_the_node_stops_is_answered_before_the_actor_system_terminates_and_no_work_is_taken_after()
    {
        var system = ActorSystem.Create("pipeline-shutdown");
        var downloader = new SlowDownloader(TimeSpan.FromSeconds(1));
        var pipeline = new ClipPipeline(system, new ClipsOptions(), downloader, new ClipProber(MediaToolsOptions.Default), new ClipFilter(),
            new VideoFingerprinter(MediaToolsOptions.Default), new LocalClipStore(Path.Combine(_folder, "clips")),
            new TempFiles(Path.Combine(_folder, "tmp")), NullLogger<ClipPipeline>.Instance);
        var post = new DiscoveredClip("1", "search", new Uri("http://127.0.0.1:9/clip.mp4"), null, "a goal", null, DateTimeOffset.UnixEpoch);

        var processing = pipeline.ProcessAsync(post, CancellationToken.None);
        await downloader.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.True(processing.IsCompletedSuccessfully, $"the clip in the download stage was not answered before the system terminated ({processing.Status})");
        Assert.Equal("download: NotFound: gone", (await processing).Rejection);
        await Assert.ThrowsAsync<ChannelClosedException>(() => pipeline.ProcessAsync(post, CancellationToken.None));
        await pipeline.DisposeAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A download that takes a while, then finds the video gone.</summary>
    private sealed class SlowDownloader(TimeSpan takes) : IClipDownloader
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<DownloadOutcome> DownloadAsync(DiscoveredClip clip, string targetFile, CancellationToken ct)
        {
            Started.TrySetResult();
            await Task.Delay(takes, ct);
            return new DownloadOutcome.Failure(DownloadFailureKind.NotFound, "gone");
        }
    }
}
