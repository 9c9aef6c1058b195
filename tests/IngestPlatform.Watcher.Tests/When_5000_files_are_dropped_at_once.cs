using System.Diagnostics;
using System.Text;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_5000_files_are_dropped_at_once(RabbitMqFixture broker, ITestOutputHelper output)
{
    private const int Files = 5000;

    [Fact]
    public async Task Should_publish_every_file_exactly_once_and_move_it()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        await inbox.StartActiveWatcherAsync();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox.Inbox, $"burst-{i:0000}.txt"), $"document {i}");
        }

        var written = clock.Elapsed;
        await Eventually.WaitUntilAsync(() => inbox.Discovered.Count >= Files && inbox.ProcessedFiles().Length >= Files,
            TimeSpan.FromSeconds(180), $"{Files} files published and moved", () => $"{inbox.Discovered.Count} published");
        output.WriteLine($"{Files} files written in {written.TotalSeconds:0.0} s, all published and moved after {clock.Elapsed.TotalSeconds:0.0} s");

        await inbox.FlushAsync();
        var paths = inbox.DiscoveredPaths();
        Assert.Equal(Files, paths.Length);
        Assert.Equal(Files, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(inbox.Discovered.Where(d => !WatchedInbox.IsMarker(d.Source.FileName)), d => Assert.Equal($"document {int.Parse(d.Source.FileName[6..10], System.Globalization.CultureInfo.InvariantCulture)}", Encoding.UTF8.GetString(d.Content)));
        Assert.Equal(Files, inbox.ProcessedFiles().Length);
        Assert.Empty(inbox.InboxFiles());
    }
}
