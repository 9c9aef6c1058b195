using IngestPlatform.TestSupport;

namespace IngestPlatform.Dashboard.Tests;

/// <summary>The shared broker and database server; each test runs in a virtual host and database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "dashboard";
}
