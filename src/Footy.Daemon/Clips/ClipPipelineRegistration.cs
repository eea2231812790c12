using Akka.Actor;
using Footy.Daemon.Configuration;
using Footy.Discovery;
using Footy.Media;
using Footy.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Footy.Daemon.Clips;

public static class ClipPipelineRegistration
{
    /// <summary>The node's <see cref="ClipPipeline"/> and the <see cref="ClipHuntAttempt"/> that feeds it, from the node's sources, media tools and store.</summary>
    public static IServiceCollection AddClipPipeline(this IServiceCollection services, ClipsOptions clips)
    {
        services.AddSingleton(sp => new ClipPipeline(
            sp.GetRequiredService<ActorSystem>(), clips, sp.GetRequiredService<IClipDownloader>(), sp.GetRequiredService<ClipProber>(),
            sp.GetRequiredService<ClipFilter>(), sp.GetRequiredService<VideoFingerprinter>(), sp.GetRequiredService<IClipStore>(),
            sp.GetRequiredService<TempFiles>(), sp.GetRequiredService<ILogger<ClipPipeline>>()));
        return services.AddSingleton(sp => new ClipHuntAttempt(
            sp.GetRequiredService<IReadOnlyList<IClipSource>>(), sp.GetRequiredService<ClipPipeline>(),
            clips, sp.GetRequiredService<ILogger<ClipHuntAttempt>>()));
    }
}
