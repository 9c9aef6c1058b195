using IngestPlatform.TestSupport;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>One broker and one database server for all end-to-end tests; each test isolates itself in them.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "infrastructure";
}
