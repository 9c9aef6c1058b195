using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The network between the broker and the services cut for 45 s while they are mid-message: every packet dropped, so
/// nothing is closed or refused and no error arrives; publishes wait for confirms that cannot come, acknowledgements
/// go nowhere. Longer than both the heartbeat timeout (about twice <c>RabbitMq__Heartbeat</c>, 10 s: each side
/// drops the connection, the broker requeues what the stages held) and <c>RabbitMq__PublishTimeout</c> (30 s), so the
/// stages reconnect and redo their work, with duplicates for the idempotent storage to absorb. See
/// <see cref="BrokerFaultScenario"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_network_to_the_broker_is_cut_while_the_stages_work(PostgresFixture database, ITestOutputHelper output)
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(45);

    [SkippableFact]
    public async Task Should_store_every_file_once_and_dead_letter_nothing()
    {
        await using var node = await RabbitMqNode.StartAsync();
        Skip.If(node.Network is null, PortCut.Requirements);
        await BrokerFaultScenario.RunAsync(database, output, node, $"the network was cut for {Cut.TotalSeconds:F0} s", () => node.Network!.CutForAsync(Cut));
    }
}
