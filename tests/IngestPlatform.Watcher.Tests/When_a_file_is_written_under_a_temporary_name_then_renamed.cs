using System.Text;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_a_file_is_written_under_a_temporary_name_then_renamed(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_leave_the_temporary_name_alone_and_take_the_final_name_once()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        await inbox.StartActiveWatcherAsync();

        var temporary = inbox.Write("article.txt.tmp", "the whole article");
        foreach (var name in new[] { "report.part", "~lock.txt", ".partial-upload" })
        {
            inbox.Write(name, "in progress");
        }

        // A file dropped after them and taken proves a scan has passed them by, stable and all.
        inbox.Write("sentinel.txt", "sentinel");
        // Moved once the broker confirmed; the observer hears of it a moment later: wait for both.
        await Eventually.WaitUntilAsync(() => inbox.IsTaken("sentinel.txt"), TimeSpan.FromSeconds(30),
            "the sentinel to be taken", () => inbox.Logs);
        Assert.Equal([".partial-upload", "article.txt.tmp", "report.part", "~lock.txt"], inbox.InboxFiles());
        Assert.Equal(["sentinel.txt"], inbox.DiscoveredPaths());

        File.Move(temporary, Path.Combine(inbox.Inbox, "article.txt"));

        await Eventually.WaitUntilAsync(() => inbox.IsTaken("article.txt"), TimeSpan.FromSeconds(30),
            "the renamed file to be taken", () => inbox.Logs);
        var article = Assert.Single(inbox.Discovered, d => d.Source.FileName == "article.txt");
        Assert.Equal("the whole article", Encoding.UTF8.GetString(article.Content));
        Assert.Equal(["article.txt", "sentinel.txt"], inbox.DiscoveredPaths());
    }
}
