namespace Footy.Deployment.Tests.Infrastructure;

/// <summary>docker-compose.yml with .env.example's variables, every empty one filled in as an operator would.</summary>
public static class ComposeFiles
{
    public static IReadOnlyDictionary<string, string> Example() => EnvFile.Read(Repository.Read(".env.example"));

    public static ComposeFile Filled() => ComposeFile.Load(EnvFile.FilledIn(Example()));
}
