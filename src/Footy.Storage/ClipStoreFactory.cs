using Microsoft.Extensions.Logging;
using Footy.Storage.Internal;
using Minio;

namespace Footy.Storage;

/// <summary>Builds the configured <see cref="IClipStore"/>.</summary>
public static class ClipStoreFactory
{
    /// <summary>
    /// Validates <paramref name="options"/> (throwing <see cref="StorageConfigurationException"/> naming every bad
    /// setting) and builds a <see cref="LocalClipStore"/> or an <see cref="S3ClipStore"/> that owns its Minio client
    /// (dispose it when done: it is <see cref="IDisposable"/> for S3). Nothing is contacted here; call
    /// <see cref="IClipStore.InitializeAsync"/> to fail early on an unreachable endpoint or refused credentials.
    /// </summary>
    public static IClipStore Create(StorageOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.IsFilesystem)
            return new LocalClipStore(options.Root, loggerFactory?.CreateLogger<LocalClipStore>());

        var client = CreateMinioClient(options);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var storeOptions = new S3ClipStoreOptions
        {
            UploadTimeout = timeout,
            RequestTimeout = TimeSpan.FromSeconds(Math.Min(15, options.TimeoutSeconds)),
            MaxAttempts = options.MaxAttempts,
            Region = string.IsNullOrWhiteSpace(options.Region) ? null : options.Region.Trim(),
        };
        return new S3ClipStore(client, options.Bucket, storeOptions, loggerFactory?.CreateLogger<S3ClipStore>(), ownsClient: true);
    }

    /// <summary>
    /// The Minio client for S3 settings (validated first). Its HttpClient turns HTTP 5xx/429/408 answers into an
    /// <see cref="HttpRequestException"/> with the status code before Minio parses them: Minio 7.0.0 crashes on
    /// body-less 5xx answers and would otherwise hide that the endpoint is only unavailable. Pass a client built
    /// here to <see cref="S3ClipStore"/> when not using <see cref="Create"/>.
    /// </summary>
    public static IMinioClient CreateMinioClient(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.IsS3) throw new ArgumentException($"Kind is \"{options.Kind}\", not \"{StorageOptions.S3Kind}\".", nameof(options));
        var (host, port) = options.ParseEndpoint(out _)!.Value;
        // The store enforces its own per-attempt limits; the client's must not cut a long upload short first.
        var limit = TimeSpan.FromSeconds(options.TimeoutSeconds) + TimeSpan.FromSeconds(30);
        var http = new HttpClient(new TransientStatusHandler(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        }))
        {
            Timeout = limit,
        };
        IMinioClient client = new MinioClient();
        client = port is { } p ? client.WithEndpoint(host, p) : client.WithEndpoint(host);
        return client
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithSSL(options.UseSsl)
            .WithRegion(options.EffectiveRegion)
            .WithHttpClient(http, disposeHttpClient: true)
            .WithTimeout((int)Math.Min(int.MaxValue, limit.TotalMilliseconds))
            .Build();
    }
}
