using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>What a scan found: an entry of the inbox and its path relative to it, with '/' separators.</summary>
public sealed record InboxEntry(FileSystemInfo Info, string RelativePath);

/// <summary>
/// Lists what the watcher should look at: files (and, when not recursive, stray folders, which are refused) in the
/// inbox. Which entries those are is <see cref="InboxAdmission.Classify"/>'s rule (in-progress names, dotfiles, the
/// processed/ and failed/ folders even when they sit inside the inbox, the include/exclude globs); this class walks
/// the folders.
/// </summary>
public sealed class InboxListing(InboxFolders folders, IOptions<WatcherOptions> options)
{
    // No attribute is skipped: a hidden or system file still has to be accounted for.
    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly InboxAdmission _admission = new(options.Value);

    public List<InboxEntry> List()
    {
        var entries = new List<InboxEntry>();
        Walk(new DirectoryInfo(folders.Inbox), "", entries);
        return entries;
    }

    private void Walk(DirectoryInfo directory, string prefix, List<InboxEntry> entries)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos("*", OneLevel))
        {
            var relative = prefix + entry.Name;
            var isDirectory = entry is DirectoryInfo;
            switch (_admission.Classify(entry.Name, relative, isDirectory, isLink: isDirectory && entry.LinkTarget is not null, IsExitFolder(entry)))
            {
                case ListingStep.Descend:
                    Walk((DirectoryInfo)entry, relative + "/", entries);
                    break;
                case ListingStep.List:
                    entries.Add(new InboxEntry(entry, relative));
                    break;
            }
        }
    }

    private bool IsExitFolder(FileSystemInfo entry) =>
        entry is DirectoryInfo
        && (string.Equals(entry.FullName, folders.Processed, StringComparison.Ordinal)
            || string.Equals(entry.FullName, folders.Failed, StringComparison.Ordinal));
}
