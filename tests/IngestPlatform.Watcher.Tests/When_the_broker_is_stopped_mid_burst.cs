using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// The broker itself stopped and started again, on a RabbitMQ of the test's own (the shared one serves the
/// tests running in parallel). <see cref="When_the_broker_goes_away_mid_burst"/> covers a cut network instead.
/// </summary>
// In the broker collection although it uses a broker of its own: starting a RabbitMQ node takes both cores
// for a few seconds, which the other watcher processes' timing should not have to share.
[Collection(BrokerCollection.Name)]
public class When_the_broker_is_stopped_mid_burst(ITestOutputHelper output)
{
    private const int Files = 1000;

    [Fact]
    public async Task Should_keep_every_file_in_the_inbox_until_the_broker_is_back_then_deliver_all()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await using var inbox = await WatchedInbox.CreateAsync(node, output);
        var watcher = await inbox.StartActiveWatcherAsync();

        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"doc-{i:0000}.txt"), $"document {i}");
        }

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= 100, TimeSpan.FromSeconds(60),
            "the burst to be under way", () => inbox.Logs);
        var failedBefore = WatchedInbox.CountOccurrences(watcher.Output, "Connection Failed");
        await node.StopAsync();
        var movedAtStop = inbox.ProcessedFiles().Length;

        // Down until MassTransit has failed to reconnect three times (a few seconds): meanwhile publishes
        // wait for the connection and the files stay where they are.
        await inbox.WaitForLogAsync(watcher, "Connection Failed", times: failedBefore + 3);
        var movedWhileDown = inbox.ProcessedFiles().Length - movedAtStop;
        var waiting = inbox.InboxFiles().Length;
        output.WriteLine($"Stopped after {movedAtStop} moved; {movedWhileDown} moved while down (confirmed just before the stop); {waiting} waiting");
        Assert.True(waiting > 0, "files should still be waiting in the inbox while the broker is down");
        Assert.InRange(movedWhileDown, 0, 16);
        Assert.Empty(Directory.Exists(inbox.Failed) ? Directory.GetFiles(inbox.Failed) : []);

        await node.StartAgainAsync();

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= Files, TimeSpan.FromSeconds(120),
            "every file to be published and moved after the restart", () => $"{inbox.ProcessedFiles().Length} moved{Environment.NewLine}{inbox.Logs}");
        // Every file's message survived the restart in the durable queues, including those confirmed before the stop.
        await Eventually.WaitUntilAsync(
            () => inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count() >= Files, TimeSpan.FromSeconds(60),
            "every file's message at the observer", () => $"{inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count()} seen");
        Assert.Equal(Files, inbox.ProcessedFiles().Length);
        Assert.Empty(inbox.InboxFiles());
    }
}
