using IngestPlatform.TestSupport;

namespace IngestPlatform.Compose.Tests;

/// <summary>The fixtures as the other test projects use them; here with no server configured, so each starts a Testcontainer.</summary>
[CollectionDefinition(Name)]
public sealed class ContainersCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "containers";
}
