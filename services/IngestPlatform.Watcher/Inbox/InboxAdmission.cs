using IngestPlatform.Contracts;
using Microsoft.Extensions.FileSystemGlobbing;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>What the watcher does with an inbox entry: take it, refuse it for good, or leave it for a later scan.</summary>
public abstract record Verdict
{
    private Verdict()
    {
    }

    /// <summary>Taken: read, published, moved to <c>processed/</c>.</summary>
    public sealed record Take : Verdict
    {
        public static Take Instance { get; } = new();
    }

    /// <summary>Refused for good: moved to <c>failed/</c>; <paramref name="Code"/> is one of <see cref="RefusalReasons"/>, <paramref name="Reason"/> the words for a person.</summary>
    public sealed record Refuse(string Code, string Reason) : Verdict;

    /// <summary>Left in the inbox (gone, held by its writer, an open that may work next time): the next scan looks again.</summary>
    public sealed record Wait(string Why) : Verdict;
}

/// <summary>What a scan does with an entry it meets while listing the inbox.</summary>
public enum ListingStep
{
    /// <summary>Not the watcher's business: an in-progress name, a dotfile, an exit folder, a file the globs leave out.</summary>
    Skip,

    /// <summary>A sub-folder walked into (recursive inbox).</summary>
    Descend,

    /// <summary>Listed: a file to take, or a folder or link to a folder to refuse with a reason.</summary>
    List,
}

/// <summary>
/// The watcher's admission rules: which entries a scan considers, and whether an entry is taken, refused (with a
/// <see cref="RefusalReasons"/> code and words) or left for later. Pure: it judges what the I/O saw
/// (<see cref="InboxListing"/> lists, <see cref="InboxFileOpener"/> opens and stats) and touches no file, clock or bus;
/// <see cref="InboxWatcher"/> acts on its verdicts. When a file is complete is <see cref="WriteCompletionGate"/>'s
/// rule, also pure.
/// </summary>
public sealed class InboxAdmission
{
    private readonly bool _recursive;
    private readonly bool _followLinksInsideInbox;
    private readonly long _maxFileBytes;
    private readonly Matcher? _include;
    private readonly Matcher? _exclude;

    public InboxAdmission(WatcherOptions options)
    {
        _recursive = options.Recursive;
        _followLinksInsideInbox = options.FollowLinksInsideInbox;
        _maxFileBytes = options.MaxFileBytes;
        _include = BuildMatcher(options.Include);
        _exclude = BuildMatcher(options.Exclude);
    }

    /// <summary>
    /// What to do with an entry met while listing. <paramref name="isLink"/> matters for folders only: a link to a
    /// folder is never walked into (loops, files outside the inbox) but listed, so that it is refused with a reason.
    /// </summary>
    public ListingStep Classify(string name, string relativePath, bool isDirectory, bool isLink, bool isExitFolder)
    {
        if (InProgressNames.Matches(name) || isExitFolder)
        {
            return ListingStep.Skip;
        }

        if (isDirectory)
        {
            // A folder when not recursive, or a link to one, is listed so that it is refused with a reason.
            return _recursive && !isLink ? ListingStep.Descend : ListingStep.List;
        }

        return IsWanted(relativePath) ? ListingStep.List : ListingStep.Skip;
    }

    /// <summary>A folder the listing handed over: never taken (<paramref name="linkTarget"/>: where it points when it is a link).</summary>
    public Verdict.Refuse JudgeFolder(string? linkTarget) =>
        linkTarget is not null
            ? new(RefusalReasons.SymbolicLink, $"A symbolic link to the folder '{linkTarget}': links to folders are not followed.")
            : _recursive
                ? new(RefusalReasons.Folder, "A folder that could not be descended into.")
                : new(RefusalReasons.Folder, "A directory, not a file: only files directly in the inbox are taken (Watcher:Recursive=false).");

    /// <summary>What opening a listed file gave (<see cref="InboxFileOpener.Open"/>), judged; sizes are the open descriptor's own.</summary>
    public Verdict Judge(OpenedEntry opened) => opened switch
    {
        // The write-completion gate gave an empty file its longer window already: still empty, it is refused.
        OpenedEntry.File { Size: 0 } => new Verdict.Refuse(RefusalReasons.Empty, "The file is empty."),
        OpenedEntry.File file when file.Size > _maxFileBytes => new Verdict.Refuse(RefusalReasons.TooLarge,
            $"The file is {file.Size} bytes, over the limit of {_maxFileBytes} bytes (Watcher:MaxFileBytes)."),
        OpenedEntry.File => Verdict.Take.Instance,
        OpenedEntry.NotRegular { Kind: EntryKind.Directory } => new Verdict.Refuse(RefusalReasons.Folder,
            "A directory, not a file: only regular files are taken."),
        OpenedEntry.NotRegular other => new Verdict.Refuse(RefusalReasons.NotRegularFile,
            $"Not a regular file ({KindName(other.Kind)}): only regular files are taken."),
        OpenedEntry.HeldByWriter => new Verdict.Wait("held by its writer"),
        OpenedEntry.Unopened unopened => JudgeUnopened(unopened),
        _ => throw new ArgumentOutOfRangeException(nameof(opened), opened, "An opening the admission rules do not know."),
    };

    private Verdict JudgeUnopened(OpenedEntry.Unopened unopened) => unopened.Error switch
    {
        // A link whose target is missing is refused, not waited for like a file the user took away.
        OpenError.NotFound when unopened.LinkTarget is { } target =>
            new Verdict.Refuse(RefusalReasons.SymbolicLink, $"A symbolic link to '{target}', which does not exist."),
        OpenError.NotFound => new Verdict.Wait("gone"),
        OpenError.LinkNotFollowed => new Verdict.Refuse(RefusalReasons.SymbolicLink, _followLinksInsideInbox
            ? "A symbolic link that loops or goes through a /proc magic link: not followed."
            : "A symbolic link: links are not followed (Watcher:FollowLinksInsideInbox=false)."),
        OpenError.OutsideInbox => new Verdict.Refuse(RefusalReasons.LinkOutsideInbox, "A symbolic link leading outside the inbox: not followed."),
        OpenError.PermissionDenied => new Verdict.Refuse(RefusalReasons.PermissionDenied, "Permission denied: the watcher cannot read the file."),
        // Anything else (EMFILE, EIO on a share...) may well pass next time: never refuse a file for the machine's trouble.
        _ => new Verdict.Wait($"open failed (errno {unopened.Errno})"),
    };

    private static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Fifo => "a FIFO",
        EntryKind.Socket => "a socket",
        EntryKind.CharacterDevice => "a character device",
        EntryKind.BlockDevice => "a block device",
        EntryKind.SymbolicLink => "a symbolic link",
        EntryKind.Directory => "a directory",
        _ => "a special file",
    };

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
