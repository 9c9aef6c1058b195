using IngestPlatform.Watcher.Inbox;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Tests;

public sealed class When_listing_an_inbox_with_sub_folders_and_globs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ingest-listing-").FullName;

    private string Inbox => Path.Combine(_root, "inbox");

    public When_listing_an_inbox_with_sub_folders_and_globs()
    {
        foreach (var file in new[] { "a.txt", "b.log", "x.tmp", ".hidden.txt", "sub/c.txt", "sub/deeper/d.txt", "drafts/e.txt", ".sync/f.txt" })
        {
            var path = Path.Combine(Inbox, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }

        // processed/ and failed/ inside the inbox, already holding files: never listed.
        foreach (var file in new[] { "processed/2026-11-23/old.txt", "failed/bad.txt" })
        {
            var path = Path.Combine(Inbox, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }
    }

    [Fact]
    public void Should_list_only_top_level_entries_when_not_recursive_and_keep_folders_to_refuse_them()
    {
        var listed = List(new WatcherOptions());

        // Folders are listed so the watcher refuses them with a reason; processed/ and failed/ are not.
        Assert.Equal(["a.txt", "b.log", "drafts", "sub"], listed);
    }

    [Fact]
    public void Should_list_sub_folder_files_with_slash_separated_relative_paths_when_recursive()
    {
        var listed = List(new WatcherOptions { Recursive = true });

        Assert.Equal(["a.txt", "b.log", "drafts/e.txt", "sub/c.txt", "sub/deeper/d.txt"], listed);
    }

    [Fact]
    public void Should_apply_include_and_exclude_globs_with_bare_patterns_matching_at_any_depth()
    {
        var options = new WatcherOptions { Recursive = true };
        options.Include.Add("*.txt");
        options.Exclude.Add("drafts/**");

        Assert.Equal(["a.txt", "sub/c.txt", "sub/deeper/d.txt"], List(options));
    }

    [Fact]
    public void Should_never_list_the_exit_folders_even_when_configured_by_another_spelling()
    {
        var options = new WatcherOptions
        {
            Recursive = true,
            ProcessedPath = Path.Combine(Inbox, "sub", "..", "processed") + "/",
            FailedPath = Path.Combine(Inbox, "failed"),
        };

        var listed = List(options);

        // The same listing as without exit folders configured: an empty one would pass the check below too.
        Assert.Equal(["a.txt", "b.log", "drafts/e.txt", "sub/c.txt", "sub/deeper/d.txt"], listed);
        Assert.DoesNotContain(listed, p => p.StartsWith("processed", StringComparison.Ordinal) || p.StartsWith("failed", StringComparison.Ordinal));
    }

    private List<string> List(WatcherOptions options)
    {
        options.InboxPath = Inbox;
        options.ProcessedPath ??= Path.Combine(Inbox, "processed");
        options.FailedPath ??= Path.Combine(Inbox, "failed");
        var wrapped = Options.Create(options);
        var listing = new InboxListing(new InboxFolders(wrapped, TimeProvider.System), wrapped);
        return [.. listing.List().Select(e => e.RelativePath).Order(StringComparer.Ordinal)];
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
