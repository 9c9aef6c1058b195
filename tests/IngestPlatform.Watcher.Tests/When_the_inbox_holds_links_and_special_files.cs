using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// The inbox is a trust boundary: whoever may drop files into it must not make the watcher read anything else
/// it can read. Only regular files are taken; a symbolic link is refused (or, with
/// <c>Watcher:FollowLinksInsideInbox</c>, followed only when it resolves inside the inbox), and FIFOs, sockets and
/// devices are refused as "not a regular file" without the watcher blocking on them. Each refusal has its sidecar,
/// and the secret they point at is never published.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_inbox_holds_links_and_special_files(RabbitMqFixture broker, ITestOutputHelper output)
{
    private const string Secret = "TOP SECRET: only the watcher's user may read this";

    [Fact]
    public async Task Should_refuse_links_fifos_sockets_and_devices_with_a_sidecar_and_publish_none_of_them()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var secret = WriteSecret(inbox);
        await inbox.StartActiveWatcherAsync();

        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "innocent.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "random.txt"), "/dev/urandom");
        Run("mkfifo", Path.Combine(inbox.Inbox, "pipe.txt"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(inbox.Inbox, "socket.txt")));
        socket.Listen();
        var expected = new Dictionary<string, string>
        {
            ["innocent.txt"] = "A symbolic link: links are not followed",
            ["random.txt"] = "A symbolic link: links are not followed",
            ["pipe.txt"] = "Not a regular file (a FIFO)",
            ["socket.txt"] = "Not a regular file (a socket)",
        };
        if (Environment.IsPrivilegedProcess)
        {
            // A device node of its own (the same as /dev/zero): creating one needs CAP_MKNOD.
            Run("mknod", Path.Combine(inbox.Inbox, "zero.txt"), "c", "1", "5");
            expected["zero.txt"] = "Not a regular file (a character device)";
        }

        inbox.Write("good.txt", "a good file among them");

        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= expected.Count && inbox.IsTaken("good.txt"),
            TimeSpan.FromSeconds(60), "every refusal and the good file", () => inbox.Logs);
        await AssertRefusedAsync(inbox, expected);
        Assert.Equal(["good.txt"], inbox.DiscoveredPaths());
        AssertSecretNeverPublished(inbox);
        Assert.Empty(inbox.InboxFiles());
    }

    [Fact]
    public async Task Should_not_descend_a_symlinked_folder_in_recursive_mode()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        WriteSecret(inbox);
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__Recursive"] = "true" });

        Directory.CreateSymbolicLink(Path.Combine(inbox.Inbox, "elsewhere"), Path.Combine(inbox.Root, "private"));
        inbox.Write("sub/real.txt", "a file in a real sub-folder");

        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= 1 && inbox.IsTaken("sub/real.txt"),
            TimeSpan.FromSeconds(60), "the link refused and the real file taken", () => inbox.Logs);
        await AssertRefusedAsync(inbox, new Dictionary<string, string> { ["elsewhere"] = "links to folders are not followed" });
        Assert.Equal(["sub/real.txt"], inbox.DiscoveredPaths());
        AssertSecretNeverPublished(inbox);
        Assert.True(File.Exists(Path.Combine(inbox.Root, "private", "secret.txt")), "the link's target is left alone");
    }

    [Fact]
    public async Task Should_refuse_a_link_swapped_in_between_listing_and_opening()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var secret = WriteSecret(inbox);
        // The watcher pauses between listing a file and opening it, and says so: the swap lands in that window.
        var watcher = await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__TestDelayBeforeOpen"] = "00:00:02" });

        inbox.Write("race.txt", "an innocent regular file when listed");
        await inbox.WaitForLogAsync(watcher, "Test delay: opening race.txt");
        var link = Path.Combine(inbox.Inbox, ".race-link");
        File.CreateSymbolicLink(link, secret);
        File.Move(link, Path.Combine(inbox.Inbox, "race.txt"), overwrite: true); // rename(2): atomic, moves the link itself

        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= 1, TimeSpan.FromSeconds(60), "the swapped-in link to be refused", () => inbox.Logs);
        await AssertRefusedAsync(inbox, new Dictionary<string, string> { ["race.txt"] = "A symbolic link: links are not followed" });
        await inbox.FlushAsync();
        Assert.Empty(inbox.DiscoveredPaths());
        AssertSecretNeverPublished(inbox);
    }

    [Fact]
    public async Task Should_follow_a_link_inside_the_inbox_when_allowed_and_never_one_leading_out()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var secret = WriteSecret(inbox);
        await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__FollowLinksInsideInbox"] = "true" });

        // The target is a dotfile, which the watcher leaves alone itself: only the link to it is taken.
        inbox.Write(".shared-copy", "a file the link inside the inbox points at");
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "inside.txt"), ".shared-copy");
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "outside.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "climbing.txt"), "../private/secret.txt");

        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= 2 && inbox.Discovered.Any(d => d.Source.RelativePath == "inside.txt"),
            TimeSpan.FromSeconds(60), "the inside link taken and the outside ones refused", () => inbox.Logs);
        await AssertRefusedAsync(inbox, new Dictionary<string, string>
        {
            ["outside.txt"] = "leading outside the inbox",
            ["climbing.txt"] = "leading outside the inbox",
        });
        var taken = Assert.Single(inbox.Discovered, d => d.Source.RelativePath == "inside.txt");
        Assert.Equal("a file the link inside the inbox points at", Encoding.UTF8.GetString(taken.Content));
        AssertSecretNeverPublished(inbox);
    }

    private static string WriteSecret(WatchedInbox inbox)
    {
        var folder = Directory.CreateDirectory(Path.Combine(inbox.Root, "private")).FullName;
        var path = Path.Combine(folder, "secret.txt");
        File.WriteAllText(path, Secret);
        return path;
    }

    private static async Task AssertRefusedAsync(WatchedInbox inbox, Dictionary<string, string> expected)
    {
        foreach (var (name, reason) in expected)
        {
            var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(inbox.Failed, name + ".error.json"))).RootElement;
            Assert.Contains(reason, sidecar.GetProperty("Reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("watcher", sidecar.GetProperty("Stage").GetString());
            var published = Assert.Single(inbox.Rejected, r => r.Source.RelativePath == name);
            Assert.Contains(reason, published.Reason, StringComparison.Ordinal);
        }
    }

    private static void AssertSecretNeverPublished(WatchedInbox inbox) =>
        Assert.DoesNotContain(inbox.Discovered, d => Encoding.UTF8.GetString(d.Content).Contains("TOP SECRET", StringComparison.Ordinal));

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(command, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
