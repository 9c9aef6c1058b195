using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>Bound from the <c>Watcher</c> section (environment: <c>Watcher__InboxPath</c>, ...).</summary>
public sealed class WatcherOptions
{
    public const string SectionName = "Watcher";

    /// <summary>The folder users drop files into. Created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InboxPath { get; set; } = "inbox";

    /// <summary>Where published files go (dated sub-folders). Default: <c>processed</c> beside the inbox.</summary>
    public string? ProcessedPath { get; set; }

    /// <summary>Where refused files go, each with a <c>.error.json</c> sidecar. Default: <c>failed</c> beside the inbox.</summary>
    public string? FailedPath { get; set; }

    /// <summary>How often the inbox is scanned in full; file-system events only make a scan come sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A file is taken only once its size and modification time have not changed for this long,
    /// measured from when the watcher first saw it (copies keep the original mtime).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Files larger than this are refused (they travel inside the message).</summary>
    [Range(1, 512L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Publishes awaiting the broker's confirmation at once: the watcher's memory bound.</summary>
    [Range(1, 1024)]
    public int MaxUnconfirmedPublishes { get; set; } = 16;
}
