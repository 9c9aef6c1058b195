using System.Security.Cryptography;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Publishes every complete file in the inbox, then moves it to <c>processed/</c>. A full scan on a
/// timer is the source of truth; file-system events only bring the next scan forward, because they
/// are lost on overflow and never arrive on some network shares and bind mounts.
/// </summary>
public sealed class InboxWatcher(
    InboxFolders folders,
    IPublishEndpoint publisher,
    IOptions<WatcherOptions> options,
    TimeProvider time,
    IngestMetrics metrics,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    private readonly WatcherOptions _options = options.Value;
    private readonly WriteCompletionGate _gate = new(options.Value.StableFor);
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        folders.EnsureExist();
        using var events = StartFileSystemEvents();
        logger.LogInformation("Watching {Inbox}; published files go to {Processed}, refused ones to {Failed}",
            folders.Inbox, folders.Processed, folders.Failed);

        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = false;
            try
            {
                pending = await ScanOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The inbox itself is unreadable for a moment (unmounted share...): files stay where
                // they are and the next scan tries again.
                logger.LogWarning(e, "Scan of {Inbox} failed; retrying", folders.Inbox);
            }

            await WaitForNextScanAsync(pending, stoppingToken);
        }
    }

    /// <summary>
    /// One pass over the inbox: every complete file is published and moved, or refused. True when
    /// files are still waiting for the write-completion gate.
    /// </summary>
    public async Task<bool> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<FileSystemInfo>();
        foreach (var entry in new DirectoryInfo(folders.Inbox).EnumerateFileSystemInfos())
        {
            if (InProgressNames.Matches(entry.Name))
            {
                continue;
            }

            present.Add(entry.FullName);
            var size = entry is FileInfo file ? file.Length : 0;
            if (_gate.IsComplete(entry.FullName, size, entry.LastWriteTimeUtc, now))
            {
                ready.Add(entry);
            }
        }

        _gate.Retain(present);

        // Bounded in-flight publishes: the watcher's memory stays bounded however many files arrive.
        await Parallel.ForEachAsync(
            ready,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxUnconfirmedPublishes, CancellationToken = cancellationToken },
            TakeAsync);
        return present.Count > ready.Count;
    }

    private async ValueTask TakeAsync(FileSystemInfo entry, CancellationToken cancellationToken)
    {
        if (RefusalAtTheDoor(entry) is { } refusal)
        {
            await RejectAsync(entry, refusal, size: entry is FileInfo f && f.Exists ? f.Length : null, sha256: null, cancellationToken);
            return;
        }

        byte[] content;
        try
        {
            // Exclusive open: a writer that still holds the file (and honours locks) keeps it pending.
            await using var stream = new FileStream(entry.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            await RejectAsync(entry, "Permission denied: the watcher cannot read the file.", ((FileInfo)entry).Length, null, cancellationToken);
            return;
        }
        catch (IOException e) when (File.Exists(entry.FullName))
        {
            logger.LogDebug(e, "{File} is still in use; it stays pending", entry.Name);
            _gate.Restart(entry.FullName);
            return;
        }
        catch (FileNotFoundException)
        {
            return; // Taken away by the user between scan and read: nothing entered the system.
        }

        var source = new SourceFile(
            Guid.NewGuid(),
            entry.Name,
            entry.Name,
            content.LongLength,
            Convert.ToHexStringLower(SHA256.HashData(content)),
            entry.CreationTimeUtc,
            entry.LastWriteTimeUtc,
            time.GetUtcNow());

        try
        {
            await publisher.Publish(new FileDiscovered(source, content), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Broker away or refusing: the file stays in the inbox and the next scan offers it
            // again; nothing is moved before the broker has confirmed.
            logger.LogWarning(e, "Publish of {File} not confirmed; it stays in the inbox", entry.Name);
            _gate.Restart(entry.FullName);
            return;
        }

        // A crash here leaves a published file in the inbox: it is published again on restart, and
        // storage, unique on the content hash, stores it once.
        var movedTo = folders.MoveToProcessed(entry.FullName);
        metrics.FilesPublished.Add(1);
        logger.LogInformation("Published {File} ({Size} bytes, sha256 {Sha}) -> {MovedTo}", entry.Name, source.SizeBytes, source.Sha256, movedTo);
    }

    private string? RefusalAtTheDoor(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo)
        {
            return "A directory, not a file: only files directly in the inbox are taken.";
        }

        var file = (FileInfo)entry;
        if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            return $"A symbolic link to '{file.LinkTarget}', which does not exist.";
        }

        if (file.Length == 0)
        {
            return "The file is empty.";
        }

        return file.Length > _options.MaxFileBytes
            ? $"The file is {file.Length} bytes, over the limit of {_options.MaxFileBytes} bytes (Watcher:MaxFileBytes)."
            : null;
    }

    private async Task RejectAsync(FileSystemInfo entry, string reason, long? size, string? sha256, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var movedTo = folders.MoveToFailed(entry.FullName, new FileRejection(reason, "watcher", at, size, sha256));
        metrics.FilesRejected.Add(1, new KeyValuePair<string, object?>("stage", "watcher"));
        logger.LogWarning("Refused {File}: {Reason} -> {MovedTo}", entry.Name, reason, movedTo);

        var source = new SourceFile(Guid.NewGuid(), entry.Name, entry.Name, size ?? 0, sha256 ?? "", entry.CreationTimeUtc, entry.LastWriteTimeUtc, at);
        try
        {
            await publisher.Publish(new DocumentRejected(source, "watcher", reason, at), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sidecar in failed/ is the durable record; the database copy is a convenience.
            logger.LogWarning(e, "Rejection of {File} not recorded in the database; its sidecar says why", entry.Name);
        }
    }

    private FileSystemWatcher? StartFileSystemEvents()
    {
        try
        {
            var events = new FileSystemWatcher(folders.Inbox) { IncludeSubdirectories = false, InternalBufferSize = 64 * 1024 };
            events.Created += (_, _) => Wake();
            events.Renamed += (_, _) => Wake();
            events.Changed += (_, _) => Wake();
            events.Error += (_, e) =>
            {
                // Overflow or a dropped watch: the timed scan still finds everything; scan now.
                logger.LogWarning(e.GetException(), "File-system events lost; rescanning");
                Wake();
            };
            events.EnableRaisingEvents = true;
            return events;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
        {
            logger.LogWarning(e, "No file-system events for {Inbox}; relying on the timed scan", folders.Inbox);
            return null;
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A scan is already due.
        }
    }

    private async Task WaitForNextScanAsync(bool filesPending, CancellationToken cancellationToken)
    {
        // Files waiting on the gate are looked at again as soon as they could pass it; otherwise
        // the full interval, unless an event says something arrived.
        var settle = _options.StableFor < _options.ScanInterval ? _options.StableFor : _options.ScanInterval;
        if (filesPending)
        {
            await Task.Delay(settle, time, cancellationToken);
            return;
        }

        if (await _wake.WaitAsync(_options.ScanInterval, cancellationToken))
        {
            // Let a burst of events settle into one scan.
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
