using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// A burst of files with the broker out of reach in the middle of it, however the outage is made: files
/// wait in the inbox while it lasts, and afterwards every one is published and moved, none lost, none sent
/// more often than publishes can be in flight.
/// </summary>
internal static class BurstThroughOutage
{
    private const int Files = 1000;

    // Written while the broker is out of reach, so the outage meets waiting files however fast the first wave went.
    private const int FilesWhileDown = 300;

    public static async Task RunAsync(WatchedInbox inbox, ServiceProcess watcher, Func<Task> goDown, Func<Task> comeBack, ITestOutputHelper output)
    {
        await WriteAsync(inbox, 0, Files);
        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= 100, TimeSpan.FromSeconds(60),
            "the burst to be under way", () => inbox.Logs);
        var failedBefore = WatchedInbox.CountOccurrences(watcher.Output, "Connection Failed");
        await goDown();
        var movedAtOutage = inbox.ProcessedFiles().Length;
        await WriteAsync(inbox, Files, FilesWhileDown);

        // Out of reach until MassTransit has failed to reconnect three times (a few seconds): meanwhile
        // publishes wait for the connection and the files stay where they are.
        await inbox.WaitForLogAsync(watcher, "Connection Failed", times: failedBefore + 3);
        var movedDuringOutage = inbox.ProcessedFiles().Length - movedAtOutage;
        var waiting = inbox.InboxFiles().Length;
        output.WriteLine($"Outage after {movedAtOutage} moved; {movedDuringOutage} moved during it (confirmed just before); {waiting} waiting");
        Assert.True(waiting >= FilesWhileDown, "files should wait in the inbox while the broker is out of reach");
        Assert.InRange(movedDuringOutage, 0, 16);
        Assert.Empty(Directory.Exists(inbox.Failed) ? Directory.GetFiles(inbox.Failed) : []);

        await comeBack();

        const int all = Files + FilesWhileDown;
        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= all, TimeSpan.FromSeconds(120),
            "every file to be published and moved after the outage", () => $"{inbox.ProcessedFiles().Length} moved{Environment.NewLine}{inbox.Logs}");
        await Eventually.WaitUntilAsync(() => inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count() >= all,
            TimeSpan.FromSeconds(60), "every file's message at the observer", () => $"{inbox.DiscoveredPaths().Length} seen");
        await inbox.FlushAsync();

        var paths = inbox.DiscoveredPaths();
        Assert.Equal(all, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all, inbox.ProcessedFiles().Length);
        Assert.Empty(inbox.InboxFiles());
        // A publish the broker took but whose confirmation the outage lost is sent again (at least once, by
        // design), and a message the observer had not acknowledged is delivered again: never more of those
        // than were in flight.
        output.WriteLine($"{paths.Length - all} seen twice");
        Assert.InRange(paths.Length - all, 0, 32);
    }

    private static async Task WriteAsync(WatchedInbox inbox, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"doc-{i:0000}.txt"), $"document {i}");
        }
    }
}
