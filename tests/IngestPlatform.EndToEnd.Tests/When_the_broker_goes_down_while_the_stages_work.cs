using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The broker gone for 10 s while the normalizer, the detector and storage are mid-message: their results failing to
/// publish, their acknowledgements lost. Stopped (<c>rabbitmqctl stop</c>: the node's process exits, connections
/// close, the port refuses), or killed (SIGKILL to its Erlang VM, as the OOM killer does; see
/// <see cref="RabbitMqNode.KillAsync"/>): nothing closed and nothing flushed on the way down, so only what RabbitMQ had
/// made durable survives, and every file it confirmed must still be stored once. See <see cref="BrokerFaultScenario"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_broker_goes_down_while_the_stages_work(PostgresFixture database, ITestOutputHelper output)
{
    [Theory]
    [InlineData("stopped")]
    [InlineData("killed")]
    public async Task Should_store_every_file_once_and_dead_letter_nothing(string how)
    {
        await using var node = await RabbitMqNode.StartAsync();
        await BrokerFaultScenario.RunAsync(database, output, node, $"the broker was {how}", async () =>
        {
            await (how == "killed" ? node.KillAsync() : node.StopAsync());
            // The outage itself (longer than the stages' 4.2 s of broker retries), not a wait for a condition.
            await Task.Delay(TimeSpan.FromSeconds(10));
            await node.StartAgainAsync();
        });
    }
}
