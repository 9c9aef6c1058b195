namespace IngestPlatform.Watcher.Inbox;

/// <summary>How the watcher learns that something arrived in the inbox.</summary>
public enum DiscoveryMode
{
    /// <summary>
    /// A full scan every <see cref="WatcherOptions.ScanInterval"/>, brought forward by file-system
    /// events. The default: events make it quick, the timed scan makes it right.
    /// </summary>
    Hybrid,

    /// <summary>
    /// Scans only on file-system events, plus a slow safety scan every
    /// <see cref="WatcherOptions.SafetyScanInterval"/>: for large, quiet inboxes on local disks.
    /// </summary>
    Events,

    /// <summary>
    /// A full scan every <see cref="WatcherOptions.ScanInterval"/> and no file-system watcher at all:
    /// for bind mounts and network shares (NFS, SMB) where events never arrive.
    /// </summary>
    Polling,
}
