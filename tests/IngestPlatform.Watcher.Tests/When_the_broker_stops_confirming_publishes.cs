using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// A connection that stays open while nothing comes back (a silently dropping network path). The heartbeat
/// declares the connection dead after some seconds, but publishes already waiting for their confirmations
/// are not released by that (seen with a ten-minute timeout: still waiting after a minute); only
/// <c>Watcher:PublishTimeout</c> keeps the watcher from freezing with its inbox full.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_broker_stops_confirming_publishes(RabbitMqFixture broker, ITestOutputHelper output)
{
    private const int Files = 50;

    [Fact]
    public async Task Should_give_up_waiting_leave_the_files_in_the_inbox_and_deliver_them_once_the_broker_answers()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        await using var link = BrokerLink.Start(inbox.VirtualHost.Host, inbox.VirtualHost.Port);
        var watcher = await inbox.StartActiveWatcherAsync(
            new Dictionary<string, string> { ["Watcher__PublishTimeout"] = "00:00:02" }, brokerPort: link.Port);

        link.Silence();
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"doc-{i:00}.txt"), $"document {i}");
        }

        await inbox.WaitForLogAsync(watcher, "not confirmed; it stays in the inbox");
        Assert.Equal(Files, inbox.InboxFiles().Length);
        Assert.Empty(inbox.ProcessedFiles());

        link.Cut();
        link.Restore();

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length == Files, TimeSpan.FromSeconds(120),
            "every file to be published and moved once the broker answers", () => inbox.Logs);
        await Eventually.WaitUntilAsync(() => inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count() == Files,
            TimeSpan.FromSeconds(60), "every file's message at the observer", () => inbox.Logs);
        Assert.Empty(inbox.InboxFiles());
    }
}
