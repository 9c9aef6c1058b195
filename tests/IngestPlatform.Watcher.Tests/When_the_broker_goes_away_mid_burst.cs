using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>The network to the broker cut and restored (<see cref="BrokerLink"/>); the broker itself keeps running.</summary>
[Collection(BrokerCollection.Name)]
public class When_the_broker_goes_away_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_keep_every_file_in_the_inbox_until_the_broker_is_back_then_deliver_all()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // Only the watcher goes through the link; the observer talks to the broker directly.
        await using var link = BrokerLink.Start(inbox.VirtualHost.Host, inbox.VirtualHost.Port);
        var watcher = await inbox.StartActiveWatcherAsync(BurstThroughOutage.Settings, brokerPort: link.Port);

        await BurstThroughOutage.RunAsync(
            inbox,
            watcher,
            () =>
            {
                link.Cut();
                return Task.CompletedTask;
            },
            () =>
            {
                link.Restore();
                return Task.CompletedTask;
            },
            TimeSpan.FromSeconds(8),
            output);
    }
}
