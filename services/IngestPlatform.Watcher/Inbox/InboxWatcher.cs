using System.Security.Cryptography;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Publishes every complete file in the inbox, then moves it to <c>processed/</c>. A full scan is the
/// source of truth; file-system events (<see cref="InboxEvents"/>) only bring the next scan forward,
/// because they are lost on overflow and never arrive on some network shares and bind mounts. Only
/// the holder of the inbox lock does this; another instance waits as a standby.
/// </summary>
public sealed class InboxWatcher(
    InboxFolders folders,
    InboxListing listing,
    IPublishEndpoint publisher,
    PayloadStore payloads,
    IOptions<WatcherOptions> options,
    TimeProvider time,
    IngestMetrics metrics,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    private readonly WatcherOptions _options = options.Value;
    private readonly WriteCompletionGate _gate = new(options.Value.StableFor, options.Value.EmptyFileStableFor);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>True while this process holds the inbox lock and takes files; false on standby.</summary>
    public bool IsActive { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        folders.EnsureExist();
        using var held = await AcquireLockAsync(stoppingToken);
        IsActive = true;
        metrics.WatcherActive.Add(1);
        try
        {
            using var events = _options.Discovery == DiscoveryMode.Polling
                ? null
                : new InboxEvents(folders.Inbox, _options.Recursive, Wake, metrics, logger);
            events?.Start();
            logger.LogInformation(
                "Active watcher for {Inbox} (discovery {Discovery}, recursive {Recursive}); published files go to {Processed}, refused ones to {Failed}",
                folders.Inbox, _options.Discovery, _options.Recursive, folders.Processed, folders.Failed);

            while (!stoppingToken.IsCancellationRequested)
            {
                // A watcher that reported an error is replaced before the scan, so the scan covers the gap.
                events?.RecreateIfLost();
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
        finally
        {
            IsActive = false;
            metrics.WatcherActive.Add(-1);
        }
    }

    /// <summary>
    /// Waits, as a standby, until this process holds the inbox lock: two watchers on one inbox would
    /// each publish the same file. The kernel drops a dead holder's lock, so a standby takes over
    /// within one <see cref="WatcherOptions.ScanInterval"/> of the active watcher's death.
    /// </summary>
    private async Task<InboxLock> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var standby = false;
        while (true)
        {
            if (InboxLock.TryAcquire(folders.Inbox) is { } held)
            {
                if (standby)
                {
                    logger.LogInformation("The other watcher of {Inbox} is gone; this one takes over", folders.Inbox);
                }

                return held;
            }

            if (!standby)
            {
                standby = true;
                logger.LogInformation("Standby: another watcher holds {Lock}; trying for it every {Interval}",
                    Path.Combine(folders.Inbox, InboxLock.FileName), _options.ScanInterval);
            }

            await Task.Delay(_options.ScanInterval, time, cancellationToken);
        }
    }

    /// <summary>
    /// One pass over the inbox: every complete file is published and moved, or refused. True when
    /// files are still waiting (for the write-completion gate, or for the broker).
    /// </summary>
    public async Task<bool> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<InboxEntry>();
        foreach (var entry in listing.List())
        {
            present.Add(entry.Info.FullName);
            var size = entry.Info is FileInfo file ? file.Length : 0;
            if (_gate.IsComplete(entry.Info.FullName, size, entry.Info.LastWriteTimeUtc, now))
            {
                ready.Add(entry);
            }
        }

        _gate.Retain(present);

        // The first publish the broker does not confirm ends this scan: the rest would fail the same
        // way, and every file stays in the inbox for the next one.
        using var brokerTrouble = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var taken = 0;
        try
        {
            // Bounded in-flight publishes: the watcher's memory stays bounded however many files arrive.
            await Parallel.ForEachAsync(
                ready,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxUnconfirmedPublishes, CancellationToken = brokerTrouble.Token },
                async (entry, token) =>
                {
                    if (await TakeAsync(entry, brokerTrouble, token))
                    {
                        Interlocked.Increment(ref taken);
                    }
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The broker is not confirming publishes; {Waiting} files wait in the inbox for the next scan", ready.Count - taken);
        }
        finally
        {
            // Whatever happened, a path seen again starts a new window: a file re-dropped under the
            // same name is a new file, and one left behind is looked at afresh.
            foreach (var entry in ready)
            {
                _gate.Restart(entry.Info.FullName);
            }
        }

        return present.Count > taken;
    }

    /// <summary>Publishes and moves one file, or refuses it; false when it stays in the inbox.</summary>
    private async Task<bool> TakeAsync(InboxEntry entry, CancellationTokenSource brokerTrouble, CancellationToken cancellationToken)
    {
        var info = entry.Info;
        if (RefusalAtTheDoor(info) is { } refusal)
        {
            await RejectAsync(entry, refusal, size: info is FileInfo f && f.Exists ? f.Length : null, sha256: null, cancellationToken);
            return true;
        }

        byte[] content;
        PayloadReference? payload = null;
        try
        {
            // Exclusive open: a writer that still holds the file (and honours locks) keeps it pending.
            await using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            if (stream.Length > payloads.InlineLimit)
            {
                // Too big to travel inside a message: copied to the claim-check store (hashed on the way, a
                // small buffer at a time), and the message carries the reference.
                payload = await payloads.PutAsync(stream, cancellationToken);
                content = [];
            }
            else
            {
                content = new byte[stream.Length];
                await stream.ReadExactlyAsync(content, cancellationToken);
            }
        }
        catch (UnauthorizedAccessException)
        {
            await RejectAsync(entry, "Permission denied: the watcher cannot read the file.", ((FileInfo)info).Length, null, cancellationToken);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false; // Taken away by the user between scan and read: nothing entered the system.
        }
        catch (IOException e) when (File.Exists(info.FullName))
        {
            logger.LogDebug(e, "{File} is still in use; it stays pending", entry.RelativePath);
            return false;
        }

        // FileId names this pickup only. Identity downstream is the content hash plus the relative
        // path: the watcher never skips a file because it saw the name or the bytes before.
        var source = new SourceFile(
            Guid.NewGuid(),
            info.Name,
            entry.RelativePath,
            payload?.Length ?? content.LongLength,
            payload?.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(content)),
            info.CreationTimeUtc,
            info.LastWriteTimeUtc,
            time.GetUtcNow());

        try
        {
            await PublishAsync(new FileDiscovered(source, content, payload), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Broker away or refusing: the file stays in the inbox and a later scan offers it again;
            // nothing is moved before the broker has confirmed.
            logger.LogWarning(e, "Publish of {File} not confirmed; it stays in the inbox", entry.RelativePath);
            await brokerTrouble.CancelAsync();
            return false;
        }

        // A crash here leaves a published file in the inbox: it is published again on restart, and
        // storage, unique on content hash plus path, records it once.
        var movedTo = folders.MoveToProcessed(info.FullName, entry.RelativePath);
        metrics.FilesPublished.Add(1);
        logger.LogInformation("Published {File} ({Size} bytes, sha256 {Sha}) -> {MovedTo}", entry.RelativePath, source.SizeBytes, source.Sha256, movedTo);
        return true;
    }

    private string? RefusalAtTheDoor(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo)
        {
            return _options.Recursive
                ? $"A symbolic link to the folder '{entry.LinkTarget}': links to folders are not followed."
                : "A directory, not a file: only files directly in the inbox are taken (Watcher:Recursive=false).";
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

    private async Task RejectAsync(InboxEntry entry, string reason, long? size, string? sha256, CancellationToken cancellationToken)
    {
        var info = entry.Info;
        var at = time.GetUtcNow();
        var movedTo = folders.MoveToFailed(info.FullName, entry.RelativePath, new FileRejection(reason, Stages.Watcher, at, size, sha256));
        metrics.FilesRejected.Add(1, new KeyValuePair<string, object?>("stage", Stages.Watcher));
        logger.LogWarning("Refused {File}: {Reason} -> {MovedTo}", entry.RelativePath, reason, movedTo);

        var source = new SourceFile(Guid.NewGuid(), info.Name, entry.RelativePath, size ?? 0, sha256 ?? "", info.CreationTimeUtc, info.LastWriteTimeUtc, at);
        try
        {
            await PublishAsync(new DocumentRejected(source, Stages.Watcher, reason, at), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sidecar in failed/ is the durable record; the database copy is a convenience.
            logger.LogWarning(e, "Rejection of {File} not recorded in the database; its sidecar says why", entry.RelativePath);
        }
    }

    /// <summary>Publishes and waits for the broker's confirmation, but never longer than <see cref="WatcherOptions.PublishTimeout"/>.</summary>
    private async Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await publisher.Publish(message, timeout.Token);
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

        var interval = _options.Discovery == DiscoveryMode.Events ? _options.SafetyScanInterval : _options.ScanInterval;
        if (await _wake.WaitAsync(interval, cancellationToken))
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
