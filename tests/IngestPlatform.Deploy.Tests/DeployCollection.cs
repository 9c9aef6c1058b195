using IngestPlatform.TestSupport;

namespace IngestPlatform.Deploy.Tests;

/// <summary>One broker and one database server for the tests that run the services; each takes its own vhost and database.</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "deploy";
}
