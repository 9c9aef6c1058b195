namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// What <c>GET /status</c> says: whether this process is the active watcher, and the inbox backlog it saw at the end
/// of its last scan. The dashboard (the API, through <c>Api:WatcherStatusUrls</c>) reads it, since only the watcher
/// sees the inbox; the watcher has no database, and a number that changes every scan does not belong in one.
/// </summary>
/// <param name="Role"><c>active</c> or <c>standby</c> (another process holds the inbox lock).</param>
/// <param name="Inbox">The inbox's full path.</param>
/// <param name="Waiting">Entries left in the inbox after the last scan; null on standby or before the first scan.</param>
/// <param name="LastScanAgeSeconds">How long ago the last scan ended.</param>
/// <param name="BrokerTroubleSeconds">Since when publishes fail; null while they work.</param>
public sealed record WatcherStatus(string Role, string Inbox, long? Waiting, double? LastScanAgeSeconds, double? BrokerTroubleSeconds)
{
    public const string Path = "/status";

    public static WatcherStatus Of(InboxWatcher watcher, InboxFolders folders) => new(
        watcher.IsActive ? "active" : "standby",
        folders.Inbox,
        watcher.Waiting,
        watcher.LastScanAge?.TotalSeconds,
        watcher.BrokerTroubleFor?.TotalSeconds);
}
