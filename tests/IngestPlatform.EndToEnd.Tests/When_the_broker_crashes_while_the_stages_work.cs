using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The broker killed (SIGKILL to its Erlang VM, as the OOM killer does; see <see cref="RabbitMqNode.KillAsync"/>) while
/// the normalizer, the detector and storage are mid-message, and started again 10 s later from its data directory:
/// unlike <see cref="When_the_broker_is_stopped_while_the_stages_work"/>, no connection is closed and nothing is
/// flushed on the way down, so only what RabbitMQ had made durable survives. Every file it confirmed must still be
/// stored once. See <see cref="BrokerFaultScenario"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_broker_crashes_while_the_stages_work(PostgresFixture database, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_store_every_file_once_and_dead_letter_nothing()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await BrokerFaultScenario.RunAsync(database, output, node, "the broker was killed", async () =>
        {
            await node.KillAsync();
            // The outage itself (longer than the stages' 4.2 s of broker retries), not a wait for a condition.
            await Task.Delay(TimeSpan.FromSeconds(10));
            await node.StartAgainAsync();
        });
    }
}
