using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The network to PostgreSQL cut for a minute mid-burst (every packet dropped; see <see cref="PortCut"/>), the other
/// face of <see cref="When_postgresql_is_down_for_a_minute_mid_burst"/>: storage's writes and new connections hang
/// instead of failing. Every file must still be stored once, with no failure recorded and nothing dead-lettered.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_network_to_postgresql_is_cut_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    [SkippableFact]
    public Task Should_store_every_file_once_with_no_fault_and_no_dead_letter() =>
        PostgresOutage.RunAsync(broker, output, files: 300, outage: TimeSpan.FromSeconds(60), PostgresOutage.Fault.NetworkCut);
}
