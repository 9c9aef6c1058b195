using System.Security.Cryptography;
using System.Text;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_a_file_name_or_its_content_comes_back(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_publish_a_corrected_file_under_the_same_name_and_a_copy_under_another_name()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        await inbox.StartActiveWatcherAsync();

        inbox.Write("report.txt", "first version, with a typo");
        await Eventually.WaitUntilAsync(() => inbox.Discovered.Count == 1, TimeSpan.FromSeconds(30), "the first version", () => inbox.Logs);
        await Eventually.WaitUntilAsync(() => inbox.InboxFiles().Length == 0, TimeSpan.FromSeconds(30), "the first version to leave the inbox");

        // The same name again, corrected: a new file, not a duplicate.
        inbox.Write("report.txt", "second version, corrected");
        await Eventually.WaitUntilAsync(() => inbox.Discovered.Count == 2, TimeSpan.FromSeconds(30), "the corrected version", () => inbox.Logs);

        // The same bytes under another name: published too; storage records it as another source.
        inbox.Write("copy-of-report.txt", "second version, corrected");
        await Eventually.WaitUntilAsync(() => inbox.Discovered.Count == 3, TimeSpan.FromSeconds(30), "the copy", () => inbox.Logs);
        await inbox.FlushAsync();

        var messages = inbox.Discovered.Where(d => !WatchedInbox.IsMarker(d.Source.FileName)).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal(3, messages.Select(m => m.Source.FileId).Distinct().Count());
        var corrected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("second version, corrected")));
        Assert.Equal(["copy-of-report.txt", "report.txt", "report.txt"], inbox.DiscoveredPaths());
        Assert.Equal(2, messages.Count(m => m.Source.RawSha256 == corrected));
        Assert.Single(messages, m => m.Source is { RelativePath: "report.txt" } && m.Source.RawSha256 != corrected);
        Assert.Equal(["copy-of-report.txt", "report.1.txt", "report.txt"], inbox.ProcessedFiles().Order(StringComparer.Ordinal));
    }
}
