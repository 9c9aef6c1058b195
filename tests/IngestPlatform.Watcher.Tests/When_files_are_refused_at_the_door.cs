using System.Diagnostics;
using System.Text.Json;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_files_are_refused_at_the_door(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_move_each_to_failed_with_a_sidecar_publish_it_and_keep_going()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__MaxFileBytes"] = "1024" });

        inbox.Write("empty.txt", "");
        inbox.Write("too-large.txt", new string('x', 1025));
        inbox.Write("a-folder/inside.txt", "not taken: the watcher is not recursive");
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "dangling.txt"), Path.Combine(inbox.Root, "nowhere.txt"));
        // A named pipe has no content and opening it would block until a writer comes: refused, never hung on.
        // (Links, sockets and devices: When_the_inbox_holds_links_and_special_files.)
        RunOrFail("mkfifo", Path.Combine(inbox.Inbox, "pipe.txt"));
        inbox.Write("good.txt", "a good file among them");

        var expected = new Dictionary<string, string>
        {
            ["empty.txt"] = "empty",
            ["too-large.txt"] = "over the limit of 1024 bytes",
            ["a-folder"] = "A directory",
            ["dangling.txt"] = "A symbolic link: links are not followed",
            ["pipe.txt"] = "Not a regular file (a FIFO)",
        };
        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= expected.Count && inbox.IsTaken("good.txt"),
            TimeSpan.FromSeconds(60), "every refusal and the good file", () => inbox.Logs);

        foreach (var (name, reason) in expected)
        {
            var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(inbox.Failed, name + ".error.json"))).RootElement;
            Assert.Contains(reason, sidecar.GetProperty("Reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("watcher", sidecar.GetProperty("Stage").GetString());
            Assert.True(sidecar.TryGetProperty("At", out _));
            Assert.True(Path.Exists(Path.Combine(inbox.Failed, name)), $"{name} should be in failed/");

            var published = Assert.Single(inbox.Rejected, r => r.Source.RelativePath == name);
            Assert.Equal("watcher", published.Stage);
            Assert.Contains(reason, published.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(1025, JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(inbox.Failed, "too-large.txt.error.json")))
            .RootElement.GetProperty("SizeBytes").GetInt64());
        Assert.Equal(["good.txt"], inbox.DiscoveredPaths());
        Assert.Empty(inbox.InboxFiles());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Should_refuse_a_file_it_may_not_read()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        // Under root (CI, containers) the watcher runs without the capability that ignores file modes.
        await inbox.StartActiveWatcherAsync(honourFilePermissions: true);

        var path = inbox.Write("secret.txt", "not for the watcher");
        File.SetUnixFileMode(path, UnixFileMode.None);

        await Eventually.WaitUntilAsync(() => File.Exists(Path.Combine(inbox.Failed, "secret.txt.error.json")), TimeSpan.FromSeconds(30),
            "the unreadable file to be refused", () => inbox.Logs);
        var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(inbox.Failed, "secret.txt.error.json"))).RootElement;
        Assert.Contains("Permission denied", sidecar.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(inbox.DiscoveredPaths());
    }

    private static void RunOrFail(string command, string argument)
    {
        using var process = Process.Start(command, [argument]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
