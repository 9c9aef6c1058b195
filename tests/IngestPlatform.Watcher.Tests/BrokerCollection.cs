using IngestPlatform.TestSupport;

namespace IngestPlatform.Watcher.Tests;

/// <summary>One broker for the watcher tests that need one; each test takes its own virtual host.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "broker";
}
