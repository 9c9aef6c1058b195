using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_two_watchers_share_an_inbox(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_let_one_take_every_file_once_and_the_standby_take_over_when_it_is_killed()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var first = await inbox.StartActiveWatcherAsync();
        var second = inbox.StartWatcher();
        await inbox.WaitForLogAsync(second, "Standby: another watcher holds");
        await inbox.WaitForLogAsync(second, "Now listening on");

        // The standby still answers its health endpoint (and says which role it has in the log).
        // Healthy once its bus has connected (the host no longer waits for the broker before it listens).
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            var health = await Eventually.WaitForAsync(() => HttpProbe.GetAsync(http, WatchedInbox.HealthPort(second), "/health"),
                h => h.Status == 200, TimeSpan.FromSeconds(60), "the standby's /health", () => inbox.Logs);
            Assert.Equal(200, health.Status);
        }

        for (var i = 0; i < 200; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"first-{i:000}.txt"), $"first {i}");
        }

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length == 200, TimeSpan.FromSeconds(60),
            "the first 200 files", () => inbox.Logs);
        await inbox.FlushAsync();
        Assert.Equal(200, inbox.DiscoveredPaths().Length);
        Assert.Equal(200, inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("Published ", second.Output, StringComparison.Ordinal);

        // kill -9: no shutdown code runs; the kernel drops the dead process's flock.
        first.Kill();
        await inbox.WaitForLogAsync(second, "this one takes over");
        await inbox.WaitForLogAsync(second, "Active watcher for");

        for (var i = 0; i < 50; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"second-{i:000}.txt"), $"second {i}");
        }

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length == 250, TimeSpan.FromSeconds(60),
            "the next 50 files, taken by the former standby", () => inbox.Logs);
        await inbox.FlushAsync();
        Assert.Equal(250, inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(250, inbox.DiscoveredPaths().Length);
        Assert.Empty(inbox.InboxFiles());
    }
}
