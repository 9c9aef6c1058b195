using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_the_broker_goes_away_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    private const int Files = 1000;

    [Fact]
    public async Task Should_keep_every_file_in_the_inbox_until_the_broker_is_back_then_deliver_all()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // Only the watcher goes through the link; the observer talks to the broker directly.
        await using var link = BrokerLink.Start(inbox.VirtualHost.Host, inbox.VirtualHost.Port);
        var watcher = await inbox.StartActiveWatcherAsync(brokerPort: link.Port);

        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"doc-{i:0000}.txt"), $"document {i}");
        }

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= 100, TimeSpan.FromSeconds(60),
            "the burst to be under way", () => inbox.Logs);
        link.Cut();
        var movedAtCut = inbox.ProcessedFiles().Length;

        // The outage lasts until MassTransit has failed to reconnect through the cut link three
        // times (a few seconds): meanwhile publishes wait for the connection, files stay put.
        var failedBefore = WatchedInbox.CountOccurrences(watcher.Output, "Connection Failed");
        await inbox.WaitForLogAsync(watcher, "Connection Failed", times: failedBefore + 3);
        var accepted = link.ConnectionsAccepted;
        var movedDuringOutage = inbox.ProcessedFiles().Length - movedAtCut;
        var waiting = inbox.InboxFiles().Length;
        output.WriteLine($"Cut after {movedAtCut} moved; {movedDuringOutage} moved while cut (publishes confirmed just before the cut); {waiting} waiting in the inbox");
        Assert.True(waiting > 0, "files should still be waiting in the inbox during the outage");
        Assert.Empty(Directory.Exists(inbox.Failed) ? Directory.GetFiles(inbox.Failed) : []);

        link.Restore();

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= Files, TimeSpan.FromSeconds(120),
            "every file to be published and moved after the outage", () => $"{inbox.ProcessedFiles().Length} moved{Environment.NewLine}{inbox.Logs}");
        await inbox.FlushAsync();

        var paths = inbox.DiscoveredPaths();
        var distinct = paths.Distinct(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files, distinct.Length);
        Assert.Equal(Files, inbox.ProcessedFiles().Length);
        Assert.Empty(inbox.InboxFiles());
        // A publish the broker took but whose confirmation the cut lost is sent again (at least once,
        // by design); there can be no more of those than publishes in flight at the cut.
        output.WriteLine($"{paths.Length - distinct.Length} re-sent after the cut; reconnections through the link: {link.ConnectionsAccepted - accepted}");
        Assert.InRange(paths.Length - distinct.Length, 0, 16);
    }
}
