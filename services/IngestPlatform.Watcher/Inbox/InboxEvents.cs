using IngestPlatform.ServiceDefaults;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// File-system events as a hint that a scan is due, never as the list of files: events are lost on
/// overflow and never arrive on some network shares and bind mounts. After an error (overflow,
/// watch dropped) the owner rescans and calls <see cref="RecreateIfLost"/> for a fresh watcher.
/// </summary>
public sealed class InboxEvents(string inbox, bool recursive, Action wake, IngestMetrics metrics, ILogger logger) : IDisposable
{
    private FileSystemWatcher? _watcher;
    private volatile bool _lost;

    /// <summary>How many watchers were created, the first included.</summary>
    public int Generation { get; private set; }

    /// <summary>True while a watcher is raising events.</summary>
    public bool IsWatching => _watcher is { EnableRaisingEvents: true };

    public void Start()
    {
        try
        {
            var watcher = new FileSystemWatcher(inbox) { IncludeSubdirectories = recursive, InternalBufferSize = 64 * 1024 };
            watcher.Created += (_, _) => wake();
            watcher.Renamed += (_, _) => wake();
            watcher.Changed += (_, _) => wake();
            watcher.Error += (_, e) => OnError(e.GetException());
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            Generation++;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            // Out of inotify watches, or a file system without events: the timed scan still finds
            // everything; try again after the next scan.
            logger.LogWarning(e, "No file-system events for {Inbox}; relying on scans", inbox);
            _lost = true;
        }
    }

    /// <summary>What the watcher's <c>Error</c> event does: count it, ask for a new watcher, scan now.</summary>
    public void OnError(Exception? error)
    {
        metrics.WatcherErrors.Add(1);
        logger.LogWarning(error, "File-system events for {Inbox} lost (overflow or dropped watch); rescanning with a new watcher", inbox);
        _lost = true;
        wake();
    }

    /// <summary>
    /// Replaces a watcher that reported an error. Called by the scan loop before it scans, so
    /// whatever arrived while no events were raised is found by that scan.
    /// </summary>
    public void RecreateIfLost()
    {
        if (!_lost)
        {
            return;
        }

        _lost = false;
        _watcher?.Dispose();
        _watcher = null;
        Start();
    }

    public void Dispose() => _watcher?.Dispose();
}
