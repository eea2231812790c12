using System.Text;
using System.Text.RegularExpressions;

namespace Footy.Storage;

/// <summary>
/// Storage settings (bind from configuration, e.g. a <c>Storage</c> section). <see cref="ToString"/> never shows
/// <see cref="SecretKey"/>.
/// </summary>
/// <param name="Kind"><c>filesystem</c> (default) or <c>s3</c>, case-insensitive.</param>
/// <param name="Root">Filesystem: the root directory (relative paths are resolved against the working directory).</param>
/// <param name="Endpoint">S3: <c>host</c>, <c>host:port</c> or <c>http(s)://host[:port]</c> (a scheme must agree with <paramref name="UseSsl"/>).</param>
/// <param name="AccessKey">S3: access key id.</param>
/// <param name="SecretKey">S3: secret access key (never logged).</param>
/// <param name="Bucket">S3: bucket name (default <c>footy-videos</c>); created when missing.</param>
/// <param name="UseSsl">S3: use https.</param>
/// <param name="Region">S3: region (default <c>us-east-1</c> when empty, which also saves the client a region lookup).</param>
/// <param name="TimeoutSeconds">S3: time limit of one attempt of an upload or copy (small requests use min(15, this)).</param>
/// <param name="MaxAttempts">S3: attempts per request while the endpoint is unavailable.</param>
public sealed partial record StorageOptions(
    string Kind = StorageOptions.FilesystemKind,
    string Root = "",
    string Endpoint = "",
    string AccessKey = "",
    string SecretKey = "",
    string Bucket = StorageOptions.DefaultBucket,
    bool UseSsl = false,
    string Region = "",
    int TimeoutSeconds = 300,
    int MaxAttempts = 4)
{
    public const string FilesystemKind = "filesystem";
    public const string S3Kind = "s3";
    public const string DefaultBucket = "footy-videos";
    public const string DefaultRegion = "us-east-1";

    /// <summary>True when <see cref="Kind"/> selects S3.</summary>
    public bool IsS3 => string.Equals(Kind?.Trim(), S3Kind, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <see cref="Kind"/> selects the filesystem.</summary>
    public bool IsFilesystem => string.Equals(Kind?.Trim(), FilesystemKind, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!IsS3 && !IsFilesystem)
        {
            p.Add($"{nameof(Kind)} must be \"{FilesystemKind}\" or \"{S3Kind}\" (was {ClipKey.Quote(Kind)}).");
            return p;
        }
        if (IsFilesystem)
        {
            if (string.IsNullOrWhiteSpace(Root))
                p.Add($"{nameof(Root)} is required when {nameof(Kind)} is \"{FilesystemKind}\" (the directory clips are stored under).");
            else if (Root.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || Root.Contains('\0'))
                p.Add($"{nameof(Root)} {ClipKey.Quote(Root)} contains characters that are not allowed in a path.");
            return p;
        }

        if (string.IsNullOrWhiteSpace(Endpoint))
            p.Add($"{nameof(Endpoint)} is required when {nameof(Kind)} is \"{S3Kind}\" (host:port, e.g. 127.0.0.1:9000).");
        else if (ParseEndpoint(out var problem) is null)
            p.Add(problem!);
        if (string.IsNullOrWhiteSpace(AccessKey))
            p.Add($"{nameof(AccessKey)} is required when {nameof(Kind)} is \"{S3Kind}\".");
        if (string.IsNullOrEmpty(SecretKey))
            p.Add($"{nameof(SecretKey)} is required when {nameof(Kind)} is \"{S3Kind}\".");
        var bucketProblem = BucketProblem(Bucket);
        if (bucketProblem is not null) p.Add(bucketProblem);
        if (!string.IsNullOrEmpty(Region) && !RegionPattern().IsMatch(Region))
            p.Add($"{nameof(Region)} {ClipKey.Quote(Region)} is not a region name (lowercase letters, digits and dashes, e.g. us-east-1).");
        if (TimeoutSeconds is < 1 or > 3600)
            p.Add($"{nameof(TimeoutSeconds)} must be between 1 and 3600 (was {TimeoutSeconds}).");
        if (MaxAttempts is < 1 or > 20)
            p.Add($"{nameof(MaxAttempts)} must be between 1 and 20 (was {MaxAttempts}).");
        return p;
    }

    /// <summary>Throws <see cref="StorageConfigurationException"/> naming every bad setting, if any.</summary>
    public StorageOptions Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new StorageConfigurationException(problems);
        return this;
    }

    /// <summary>The endpoint split into host, port (null: scheme default) and whether a scheme asked for TLS; null when invalid.</summary>
    public (string Host, int? Port)? ParseEndpoint(out string? problem)
    {
        problem = null;
        var text = Endpoint?.Trim() ?? "";
        var hasScheme = text.Contains("://", StringComparison.Ordinal);
        if (!Uri.TryCreate(hasScheme ? text : "http://" + text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"{nameof(Endpoint)} {ClipKey.Quote(Endpoint)} is not host, host:port or http(s)://host[:port].";
            return null;
        }
        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problem = $"{nameof(Endpoint)} {ClipKey.Quote(Endpoint)} must not have a path, query or user info (the bucket is set by {nameof(Bucket)}).";
            return null;
        }
        if (hasScheme && (uri.Scheme == "https") != UseSsl)
        {
            problem = $"{nameof(Endpoint)} says {uri.Scheme}:// but {nameof(UseSsl)} is {UseSsl.ToString().ToLowerInvariant()}; make them agree.";
            return null;
        }
        return (uri.Host, uri.IsDefaultPort && !HasExplicitPort(text) ? null : uri.Port);
    }

    /// <summary>Why <paramref name="bucket"/> is not a valid S3 bucket name, or null when it is.</summary>
    public static string? BucketProblem(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket)) return $"{nameof(Bucket)} is required.";
        if (!BucketPattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal) || IpPattern().IsMatch(bucket))
            return $"{nameof(Bucket)} {ClipKey.Quote(bucket)} is not a valid S3 bucket name (3-63 lowercase letters, digits, dots and dashes, " +
                   "starting and ending with a letter or digit, not an IP address).";
        return null;
    }

    /// <summary>The region to use: <see cref="Region"/>, or <see cref="DefaultRegion"/> when empty.</summary>
    public string EffectiveRegion => string.IsNullOrWhiteSpace(Region) ? DefaultRegion : Region.Trim();

    private static bool HasExplicitPort(string text)
    {
        var afterScheme = text.Contains("://", StringComparison.Ordinal) ? text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..] : text;
        var hostPort = afterScheme.TrimEnd('/');
        return hostPort.StartsWith('[') ? hostPort.Contains("]:", StringComparison.Ordinal) : hostPort.Contains(':');
    }

    private bool PrintMembers(StringBuilder sb)
    {
        sb.Append($"Kind = {Kind}, Root = {Root}, Endpoint = {Endpoint}, AccessKey = {AccessKey}, ");
        sb.Append($"SecretKey = {(string.IsNullOrEmpty(SecretKey) ? "(empty)" : "***")}, Bucket = {Bucket}, UseSsl = {UseSsl}, ");
        sb.Append($"Region = {Region}, TimeoutSeconds = {TimeoutSeconds}, MaxAttempts = {MaxAttempts}");
        return true;
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"\A[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IpPattern();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}

/// <summary>Storage settings are invalid; <see cref="Problems"/> names each bad setting.</summary>
public sealed class StorageConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid storage settings: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
