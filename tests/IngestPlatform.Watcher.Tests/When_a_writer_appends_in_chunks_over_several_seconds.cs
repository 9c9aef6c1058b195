using System.Text;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_a_writer_appends_in_chunks_over_several_seconds(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_take_the_file_once_and_complete()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // Scans every 100 ms; a chunk every 400 ms (each append changes size and mtime) must keep
        // restarting the StableFor window, and the file must go only after the last chunk. The window is 4 s, not
        // the default 1 s: on a CI machine busy with other test assemblies this test's own writer was once paused
        // over a second between two chunks, and the watcher rightly took the file it saw stable.
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string>
        {
            ["Watcher__ScanInterval"] = "00:00:00.100",
            ["Watcher__StableFor"] = "00:00:04",
            ["Watcher__EmptyFileStableFor"] = "00:00:04",
        });

        var path = Path.Combine(inbox.Inbox, "growing.txt");
        var expected = new StringBuilder();
        for (var chunk = 0; chunk < 12; chunk++)
        {
            var text = $"chunk {chunk:00} {new string('x', 1000)}\n";
            expected.Append(text);
            // Open, append, close: the writer holds no lock between chunks, as `>>` or a log shipper.
            await File.AppendAllTextAsync(path, text);
            await Task.Delay(TimeSpan.FromMilliseconds(400)); // The writer's pace, not a wait for the system.
        }

        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length > 0 && inbox.Discovered.Count > 0,
            TimeSpan.FromSeconds(30), "the file to be published and moved", () => inbox.Logs);

        // Taken early, the rest of the writes would have made a second growing.txt: a second message
        // and a growing.1.txt in processed/.
        var message = Assert.Single(inbox.Discovered);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(message.Content));
        Assert.Equal(["growing.txt"], inbox.ProcessedFiles());
        Assert.Empty(inbox.InboxFiles());
    }
}
