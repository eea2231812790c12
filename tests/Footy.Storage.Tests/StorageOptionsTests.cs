using Footy.Storage.Tests.Support;

namespace Footy.Storage.Tests;

public class StorageOptionsTests
{
    private static StorageOptions S3(string endpoint = "127.0.0.1:4568", bool ssl = false) =>
        new(Kind: "s3", Endpoint: endpoint, AccessKey: "AK", SecretKey: "very-secret", UseSsl: ssl);

    [Fact]
    public void Defaults_are_filesystem_and_footy_videos()
    {
        var o = new StorageOptions();
        Assert.True(o.IsFilesystem);
        Assert.Equal("footy-videos", o.Bucket);
        Assert.Contains("Root", Assert.Single(o.Problems()));
    }

    [Fact]
    public void Valid_settings_pass()
    {
        Assert.Empty(new StorageOptions(Root: "/var/lib/footy/videos").Problems());
        Assert.Empty(S3().Problems());
        Assert.Empty(S3("minio.internal").Problems());
        Assert.Empty(S3("http://127.0.0.1:9000").Problems());
        Assert.Empty(S3("https://s3.example.com", ssl: true).Problems());
        Assert.Empty((S3() with { Kind = "S3", Region = "eu-west-3" }).Problems());
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var bad = new StorageOptions(Kind: "s3", Endpoint: "", AccessKey: " ", SecretKey: "", Bucket: "Footy_Videos",
            Region: "EU West", TimeoutSeconds: 0, MaxAttempts: 0);
        var e = Assert.Throws<StorageConfigurationException>(() => bad.Validate());
        foreach (var setting in new[] { "Endpoint", "AccessKey", "SecretKey", "Bucket", "Region", "TimeoutSeconds", "MaxAttempts" })
            Assert.Contains(e.Problems, p => p.StartsWith(setting, StringComparison.Ordinal));
        Assert.Contains("Endpoint is required", e.Message);
    }

    [Theory]
    [InlineData("mongodb")]
    [InlineData("")]
    [InlineData("file")]
    public void An_unknown_kind_is_named(string kind)
    {
        var p = Assert.Single(new StorageOptions(Kind: kind, Root: "/x").Problems());
        Assert.StartsWith("Kind must be \"filesystem\" or \"s3\"", p);
    }

    [Theory]
    [InlineData("ftp://host", "Endpoint")]
    [InlineData("http://host:9000/bucket", "path")]
    [InlineData("https://host", "UseSsl")]
    [InlineData("http://user:pw@host", "user info")]
    [InlineData("host name", "Endpoint")]
    public void Bad_endpoints_are_explained(string endpoint, string hint)
    {
        var p = Assert.Single(S3(endpoint).Problems());
        Assert.StartsWith("Endpoint", p);
        Assert.Contains(hint, p);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-footy")]
    [InlineData("footy..videos")]
    [InlineData("192.168.1.1")]
    [InlineData("FOOTY")]
    public void Bad_bucket_names_are_named(string bucket) =>
        Assert.StartsWith("Bucket", Assert.Single((S3() with { Bucket = bucket }).Problems()));

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var text = S3().ToString();
        Assert.DoesNotContain("very-secret", text);
        Assert.Contains("SecretKey = ***", text);
        Assert.Contains("AccessKey = AK", text);
    }

    [Fact]
    public void Endpoint_parsing()
    {
        Assert.Equal(("127.0.0.1", 4568), S3().ParseEndpoint(out _));
        Assert.Equal(("minio", (int?)null), S3("minio").ParseEndpoint(out _));
        Assert.Equal(("s3.example.com", (int?)null), S3("https://s3.example.com", ssl: true).ParseEndpoint(out _));
        Assert.Equal(("s3.example.com", 443), S3("https://s3.example.com:443", ssl: true).ParseEndpoint(out _));
    }

    [Fact]
    public void The_factory_validates_and_builds_the_configured_store()
    {
        Assert.Throws<StorageConfigurationException>(() => ClipStoreFactory.Create(new StorageOptions(Kind: "s3")));

        using var dir = new TempDir();
        var local = Assert.IsType<LocalClipStore>(ClipStoreFactory.Create(new StorageOptions(Root: dir.Path)));
        Assert.Equal(dir.Path, local.Root);

        using var s3 = Assert.IsType<S3ClipStore>(ClipStoreFactory.Create(S3("http://127.0.0.1:4568") with { Bucket = "clips" }));
        Assert.Equal("S3 bucket clips at http://127.0.0.1:4568", s3.Describe());
        Assert.False(s3.CanList); // unknown until initialized
    }
}
