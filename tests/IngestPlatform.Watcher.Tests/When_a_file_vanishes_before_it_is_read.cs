using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// A file listed by a scan and deleted (or moved away by its owner) before the watcher opens it: nothing to ingest and
/// nothing to refuse. The scan must go on with the other files, record no rejection, and not fail or retry for ever.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_a_file_vanishes_before_it_is_read(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_skip_it_without_a_rejection_and_take_the_others()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // The window between listing and opening, held open so the test can delete the file inside it.
        var watcher = await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__TestDelayBeforeOpen"] = "00:00:03" });

        inbox.Write("vanishing.txt", "deleted by its owner before the watcher reads it");
        inbox.Write("staying.txt", "an ordinary file of the same scan");
        await inbox.WaitForLogAsync(watcher, "Test delay: opening vanishing.txt");
        File.Delete(Path.Combine(inbox.Inbox, "vanishing.txt"));

        await Eventually.WaitUntilAsync(() => inbox.IsTaken("staying.txt"), TimeSpan.FromSeconds(60),
            "the other file to be taken", () => inbox.Logs);
        // A later scan: the vanished name must not come back as a failure or a publish.
        await inbox.FlushAsync();

        Assert.Equal(["staying.txt"], inbox.DiscoveredPaths());
        Assert.False(Directory.Exists(inbox.Failed) && Directory.EnumerateFileSystemEntries(inbox.Failed).Any(),
            $"something was refused:{Environment.NewLine}{inbox.Logs}");
        Assert.False(watcher.HasExited);
    }
}
