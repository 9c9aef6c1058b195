using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_postgresql_is_down_for_a_minute_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public Task Should_store_every_file_once_with_no_fault_and_no_dead_letter() =>
        PostgresOutage.RunAsync(broker, output, files: 300, outage: TimeSpan.FromSeconds(60));
}
