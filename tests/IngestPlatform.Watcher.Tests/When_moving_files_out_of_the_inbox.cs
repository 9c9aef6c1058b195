using System.Text.Json;
using IngestPlatform.Watcher.Inbox;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Tests;

public sealed class When_moving_files_out_of_the_inbox : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ingest-watcher-").FullName;
    private readonly InboxFolders _folders;

    public When_moving_files_out_of_the_inbox()
    {
        _folders = new InboxFolders(Options.Create(new WatcherOptions { InboxPath = Path.Combine(_root, "inbox") }), TimeProvider.System);
        _folders.EnsureExist();
    }

    [Fact]
    public void Should_never_overwrite_a_file_of_the_same_name()
    {
        var first = Drop("same.txt", "first");
        var firstTarget = _folders.MoveToProcessed(first, "same.txt");
        var second = Drop("same.txt", "second");
        var secondTarget = _folders.MoveToProcessed(second, "same.txt");

        Assert.NotEqual(firstTarget, secondTarget);
        Assert.Equal("first", File.ReadAllText(firstTarget));
        Assert.Equal("second", File.ReadAllText(secondTarget));
        Assert.Equal(Path.Combine(_root, "processed"), Path.GetDirectoryName(Path.GetDirectoryName(firstTarget)));
    }

    [Fact]
    public void Should_leave_a_sidecar_that_says_why_beside_a_refused_file()
    {
        var path = Drop("empty.txt", "");
        var target = _folders.MoveToFailed(path, "empty.txt", new FileRejection("The file is empty.", "watcher", DateTimeOffset.UtcNow, 0, null));

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(target));
        var sidecar = JsonDocument.Parse(File.ReadAllText(target + ".error.json")).RootElement;
        Assert.Equal("The file is empty.", sidecar.GetProperty("Reason").GetString());
        Assert.Equal("watcher", sidecar.GetProperty("Stage").GetString());
    }

    [Fact]
    public void Should_keep_the_sub_folder_of_a_file_taken_from_a_sub_folder()
    {
        var path = Drop("reports/2026/q3.txt", "q3");
        var target = _folders.MoveToProcessed(path, "reports/2026/q3.txt");

        var relative = Path.GetRelativePath(_folders.Processed, target).Split(Path.DirectorySeparatorChar);
        Assert.Equal(["reports", "2026", "q3.txt"], relative[1..]);
        Assert.Equal("q3", File.ReadAllText(target));
    }

    private string Drop(string name, string content)
    {
        var path = Path.Combine(_folders.Inbox, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
