using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The broker stopped (<c>rabbitmqctl stop</c>: the node's process exits, connections close, the port refuses) for 10 s
/// while the normalizer, the detector and storage are mid-message: their results failing to publish, their
/// acknowledgements lost. See <see cref="BrokerFaultScenario"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_broker_is_stopped_while_the_stages_work(PostgresFixture database, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_store_every_file_once_and_dead_letter_nothing()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await BrokerFaultScenario.RunAsync(database, output, node, "the broker stopped", async () =>
        {
            await node.StopAsync();
            // The outage itself (longer than the stages' 4.2 s of broker retries), not a wait for a condition.
            await Task.Delay(TimeSpan.FromSeconds(10));
            await node.StartAgainAsync();
        });
    }
}
