using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>Bound from the <c>Watcher</c> section (environment: <c>Watcher__InboxPath</c>, ...).</summary>
public sealed class WatcherOptions : IValidatableObject
{
    public const string SectionName = "Watcher";

    /// <summary>The folder users drop files into. Created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InboxPath { get; set; } = "inbox";

    /// <summary>Where published files go (dated sub-folders). Default: <c>processed</c> beside the inbox.</summary>
    public string? ProcessedPath { get; set; }

    /// <summary>Where refused files go, each with a <c>.error.json</c> sidecar. Default: <c>failed</c> beside the inbox.</summary>
    public string? FailedPath { get; set; }

    /// <summary>How new files are noticed: timed scans, file-system events, or both.</summary>
    [EnumDataType(typeof(DiscoveryMode))]
    public DiscoveryMode Discovery { get; set; } = DiscoveryMode.Hybrid;

    /// <summary>How often the inbox is scanned in full (Hybrid, Polling); also how often a standby watcher tries for the lock.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>In <see cref="DiscoveryMode.Events"/> mode, the full scan that catches what events missed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SafetyScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A file is taken only once its size and modification time have not changed for this long,
    /// measured from when the watcher first saw it (copies keep the original mtime).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an <em>empty</em> file must stay empty before it is refused as empty. Longer than
    /// <see cref="StableFor"/> because many writers create the file first and write it a moment later; a
    /// slow one must not lose its file to the "empty" rejection.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EmptyFileStableFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Files larger than this are refused. No message limit bounds it: a file over <c>Payloads:InlineLimit</c>
    /// travels by claim check. What bounds it is the normalizer's memory: decoding holds the text as UTF-16 (two
    /// bytes a character) a few times over, so 64 MiB needs several hundred MB of the normalizer; the ceiling,
    /// 256 MiB, keeps a single file within a 2-3 GB service, and .NET strings end at 1 G characters.
    /// </summary>
    [Range(1, 256L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long one publish may wait for the broker's confirmation. A confirmation lost with a connection
    /// can otherwise be waited for forever, wedging the watcher after a broker restart; past this the file
    /// stays in the inbox and the next scan publishes it again (downstream absorbs a second copy).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Liveness: the active watcher's <c>/alive</c> fails when its scan loop has shown no sign of progress (a scan
    /// started or finished, a file taken or refused) for this long, so Docker or Kubernetes restart a process whose
    /// scan is stuck. A standby is always alive. Longer than <see cref="PublishTimeout"/>: one publish may take that long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Follow a symbolic link in the inbox when its target resolves inside the inbox (openat2 with RESOLVE_BENEATH);
    /// one leading out is refused either way. Default: every link is refused.
    /// </summary>
    public bool FollowLinksInsideInbox { get; set; }

    /// <summary>
    /// For tests only: waits this long between listing a file and opening it, which widens the window in which a
    /// test swaps a link in, or stands for a scan stuck on a hung file system. Zero in production.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TestDelayBeforeOpen { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// For tests only: waits this long between the broker's confirmation and the move to <c>processed/</c>, so a test
    /// can kill the watcher exactly in the window where a file is published but still in the inbox. Zero in production.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TestPauseAfterConfirm { get; set; } = TimeSpan.Zero;

    /// <summary>Publishes awaiting the broker's confirmation at once: the watcher's memory bound.</summary>
    [Range(1, 1024)]
    public int MaxUnconfirmedPublishes { get; set; } = 16;

    /// <summary>
    /// Globs a file's path relative to the inbox must match to be taken (none: every file). A pattern
    /// without '/' matches the file name at any depth (<c>*.txt</c>), one with '/' the relative path
    /// (<c>reports/**/*.txt</c>).
    /// </summary>
    public IList<string> Include { get; } = [];

    /// <summary>Globs of files to leave alone in the inbox, same syntax as <see cref="Include"/>; they win over it.</summary>
    public IList<string> Exclude { get; } = [];

    /// <summary>Also take files in sub-folders of the inbox; their sub-folder path travels in the message.</summary>
    public bool Recursive { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, patterns) in new[] { (nameof(Include), Include), (nameof(Exclude), Exclude) })
        {
            if (patterns.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult($"Watcher:{name} has an empty pattern.", [name]);
            }
        }

        if (EmptyFileStableFor < StableFor)
        {
            yield return new ValidationResult(
                $"Watcher:{nameof(EmptyFileStableFor)} ({EmptyFileStableFor}) must not be shorter than Watcher:{nameof(StableFor)} ({StableFor}).",
                [nameof(EmptyFileStableFor)]);
        }

        if (StuckAfter <= PublishTimeout)
        {
            yield return new ValidationResult(
                $"Watcher:{nameof(StuckAfter)} ({StuckAfter}) must be longer than Watcher:{nameof(PublishTimeout)} ({PublishTimeout}): one publish may wait that long.",
                [nameof(StuckAfter)]);
        }

        var inbox = Path.GetFullPath(InboxPath);
        foreach (var (name, path) in new[] { (nameof(ProcessedPath), ProcessedPath), (nameof(FailedPath), FailedPath) })
        {
            if (path is not null && string.Equals(Path.GetFullPath(path).TrimEnd('/'), inbox.TrimEnd('/'), StringComparison.Ordinal))
            {
                yield return new ValidationResult($"Watcher:{name} must not be the inbox itself.", [name]);
            }
        }
    }
}
