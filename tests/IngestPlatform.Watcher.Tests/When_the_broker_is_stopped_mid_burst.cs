using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// The broker itself stopped and started again, on a RabbitMQ of the test's own (the shared one serves the
/// tests running in parallel). <see cref="When_the_broker_goes_away_mid_burst"/> covers a cut network instead.
/// In the broker collection although it has a broker of its own: starting a RabbitMQ node takes both cores for
/// a few seconds, which the other watcher processes' timing should not have to share.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_broker_is_stopped_mid_burst(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_keep_every_file_in_the_inbox_until_the_broker_is_back_then_deliver_all()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await using var inbox = await WatchedInbox.CreateAsync(node, output);
        var watcher = await inbox.StartActiveWatcherAsync();

        await BurstThroughOutage.RunAsync(inbox, watcher, node.StopAsync, node.StartAgainAsync, output);
    }
}
