using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_watching_sub_folders_recursively(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_keep_the_sub_folder_path_and_never_rescan_the_exit_folders_inside_the_inbox()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // processed/ and failed/ inside the inbox: a watcher that scanned them would publish forever.
        var processed = Path.Combine(inbox.Inbox, "processed");
        var failed = Path.Combine(inbox.Inbox, "failed");
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string>
        {
            ["Watcher__Recursive"] = "true",
            ["Watcher__ProcessedPath"] = processed,
            ["Watcher__FailedPath"] = failed,
            ["Watcher__Include__0"] = "*.txt",
            ["Watcher__Exclude__0"] = "drafts/**",
        });

        inbox.Write("top.txt", "top");
        inbox.Write("reports/2026/q3.txt", "q3");
        inbox.Write("reports/notes.md", "not a .txt: left alone");
        inbox.Write("drafts/wip.txt", "excluded: left alone");
        inbox.Write("reports/empty.txt", "");

        await Eventually.WaitUntilAsync(
            () => File.Exists(Path.Combine(failed, "reports", "empty.txt.error.json"))
                && Directory.GetFiles(processed, "*.txt", SearchOption.AllDirectories).Length == 2,
            TimeSpan.FromSeconds(30), "two files taken and one refused", () => inbox.Logs);
        // Several scans after the moves, nothing came back out of processed/ or failed/.
        await inbox.FlushAsync();
        await inbox.FlushAsync();

        Assert.Equal(["reports/2026/q3.txt", "top.txt"], inbox.DiscoveredPaths());
        Assert.Equal("q3.txt", Assert.Single(inbox.Discovered, d => d.Source.RelativePath == "reports/2026/q3.txt").Source.FileName);
        var date = Assert.Single(Directory.GetDirectories(processed));
        Assert.True(File.Exists(Path.Combine(date, "reports", "2026", "q3.txt")));
        Assert.True(File.Exists(Path.Combine(date, "top.txt")));
        Assert.Equal("reports/empty.txt", Assert.Single(inbox.Rejected).Source.RelativePath);
        Assert.Equal(["drafts/wip.txt", "reports/notes.md"],
            inbox.InboxFiles().Where(f => !f.StartsWith("processed/", StringComparison.Ordinal) && !f.StartsWith("failed/", StringComparison.Ordinal)));
    }
}
