using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_choosing_how_files_are_discovered(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_take_a_file_on_events_alone_long_before_the_safety_scan()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // The safety scan is an hour away, so only a file-system event can have brought the scan.
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string>
        {
            ["Watcher__Discovery"] = "Events",
            ["Watcher__SafetyScanInterval"] = "01:00:00",
        });

        inbox.Write("by-event.txt", "noticed by inotify");

        await Eventually.WaitUntilAsync(() => inbox.IsTaken("by-event.txt"), TimeSpan.FromSeconds(30),
            "the file to be taken on its event", () => inbox.Logs);
        Assert.Equal(["by-event.txt"], inbox.DiscoveredPaths());
    }

    [Fact]
    public async Task Should_take_files_by_polling_alone_without_a_file_system_watcher()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var watcher = await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__Discovery"] = "Polling" });
        Assert.Contains("discovery Polling", watcher.Output, StringComparison.Ordinal);

        inbox.Write("by-scan.txt", "found by the timed scan");

        await Eventually.WaitUntilAsync(() => inbox.IsTaken("by-scan.txt"), TimeSpan.FromSeconds(30),
            "the file to be taken by a scan", () => inbox.Logs);
        Assert.Equal(["by-scan.txt"], inbox.DiscoveredPaths());
    }
}
