using IngestPlatform.TestSupport;

namespace IngestPlatform.Admin.Tests;

/// <summary>One broker and one database server for the admin tests; each test takes its own virtual host and database.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "admin";
}
