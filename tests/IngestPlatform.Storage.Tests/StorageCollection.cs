using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

/// <summary>One broker and one database server for the storage tests; each test takes its own database and virtual host.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "storage";
}
