using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// Too long for CI: run by tests/soak.sh (tests/run.sh excludes <c>Category=Soak</c>). The network to the broker cut
/// for <c>INGEST_SOAK_BROKER_CUT_S</c> seconds (default 180) while the stages work: many heartbeat timeouts, publish
/// timeouts and reconnection attempts, each ending in silence. See <see cref="BrokerFaultScenario"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
[Trait("Category", "Soak")]
public class When_the_network_to_the_broker_is_cut_for_minutes(PostgresFixture database, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_store_every_file_once_and_dead_letter_nothing()
    {
        var cut = TimeSpan.FromSeconds(SoakSetting.Get("INGEST_SOAK_BROKER_CUT_S", 180));
        await using var node = await RabbitMqNode.StartAsync();
        Skip.If(node.Network is null, PortCut.Requirements);
        await BrokerFaultScenario.RunAsync(database, output, node, $"the network was cut for {cut.TotalSeconds:F0} s", () => node.Network!.CutForAsync(cut));
    }
}
