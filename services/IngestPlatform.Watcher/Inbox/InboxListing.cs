using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>What a scan found: an entry of the inbox and its path relative to it, with '/' separators.</summary>
public sealed record InboxEntry(FileSystemInfo Info, string RelativePath);

/// <summary>
/// Lists what the watcher should look at: files (and, when not recursive, stray folders, which are
/// refused) in the inbox, minus in-progress names, dotfiles, the processed/ and failed/ folders
/// even when they sit inside the inbox, and whatever the include/exclude globs leave out.
/// </summary>
public sealed class InboxListing
{
    // No attribute is skipped: a hidden or system file still has to be accounted for.
    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly InboxFolders _folders;
    private readonly bool _recursive;
    private readonly Matcher? _include;
    private readonly Matcher? _exclude;

    public InboxListing(InboxFolders folders, IOptions<WatcherOptions> options)
    {
        _folders = folders;
        _recursive = options.Value.Recursive;
        _include = BuildMatcher(options.Value.Include);
        _exclude = BuildMatcher(options.Value.Exclude);
    }

    public List<InboxEntry> List()
    {
        var entries = new List<InboxEntry>();
        Walk(new DirectoryInfo(_folders.Inbox), "", entries);
        return entries;
    }

    private void Walk(DirectoryInfo directory, string prefix, List<InboxEntry> entries)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos("*", OneLevel))
        {
            if (InProgressNames.Matches(entry.Name) || IsExitFolder(entry))
            {
                continue;
            }

            var relative = prefix + entry.Name;
            if (entry is DirectoryInfo sub && _recursive && sub.LinkTarget is null)
            {
                // Symbolic links to folders are not followed (loops, files outside the inbox): refused below.
                Walk(sub, relative + "/", entries);
                continue;
            }

            // A folder when not recursive, or a link to one, is listed so that it is refused with a reason.
            if (entry is DirectoryInfo || IsWanted(relative))
            {
                entries.Add(new InboxEntry(entry, relative));
            }
        }
    }

    private bool IsExitFolder(FileSystemInfo entry) =>
        entry is DirectoryInfo
        && (string.Equals(entry.FullName, _folders.Processed, StringComparison.Ordinal)
            || string.Equals(entry.FullName, _folders.Failed, StringComparison.Ordinal));

    private bool IsWanted(string relativePath) =>
        (_include is null || _include.Match(relativePath).HasMatches)
        && (_exclude is null || !_exclude.Match(relativePath).HasMatches);

    private static Matcher? BuildMatcher(IList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        // Case-sensitive like the Linux file system underneath.
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            // As in .gitignore: a bare name pattern applies at any depth.
            matcher.AddInclude(pattern.Contains('/', StringComparison.Ordinal) ? pattern : "**/" + pattern);
        }

        return matcher;
    }
}
