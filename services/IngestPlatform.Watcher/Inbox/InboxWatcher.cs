using System.Security.Cryptography;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
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
    IBrokerProbe broker,
    PayloadStore payloads,
    IOptions<WatcherOptions> options,
    TimeProvider time,
    IngestMetrics metrics,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    private readonly WatcherOptions _options = options.Value;
    private readonly WriteCompletionGate _gate = new(options.Value.StableFor, options.Value.EmptyFileStableFor);
    private readonly InboxAdmission _admission = new(options.Value);
    private static readonly TimeSpan EventSettle = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    private readonly SemaphoreSlim _wake = new(0, 1);

    // Ticks of the TimeProvider's clock, read by health checks and the metric on other threads.
    private long _lastScanFinished = -1;
    private long _brokerTroubleSince = -1;
    private long _mustShowLifeBy = long.MaxValue;
    private long _waiting = -1;

    /// <summary>True while this process holds the inbox lock and takes files; false on standby.</summary>
    public bool IsActive { get; private set; }

    /// <summary>How long ago the last scan finished; null before the first one, or on standby.</summary>
    public TimeSpan? LastScanAge =>
        IsActive && Interlocked.Read(ref _lastScanFinished) is >= 0 and var at ? time.GetElapsedTime(at) : null;

    /// <summary>
    /// True when the active watcher's loop has shown no sign of life (a scan started or finished, a file taken or
    /// refused) within <see cref="WatcherOptions.StuckAfter"/> of when it should have: only a restart helps then.
    /// </summary>
    public bool IsStuck => IsActive && time.GetTimestamp() > Interlocked.Read(ref _mustShowLifeBy);

    /// <summary>
    /// Entries left in the inbox when the last scan ended (waiting for their writer to finish, for the broker, or
    /// arrived meanwhile): the backlog the dashboard shows. Null before the first scan, or on standby.
    /// </summary>
    public long? Waiting => IsActive && Interlocked.Read(ref _waiting) is >= 0 and var waiting ? waiting : null;

    /// <summary>Since when publishes fail or the broker does not answer; null while publishing works.</summary>
    public TimeSpan? BrokerTroubleFor =>
        IsActive && Interlocked.Read(ref _brokerTroubleSince) is >= 0 and var since ? time.GetElapsedTime(since) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        folders.EnsureExist();
        metrics.ObserveWatcherLastScanAge(() => LastScanAge?.TotalSeconds);
        using var held = await AcquireLockAsync(stoppingToken);
        ShowLife();
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

                Interlocked.Exchange(ref _lastScanFinished, time.GetTimestamp());
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
    /// <remarks>
    /// No await here outlives its bound. MassTransit's <c>Publish</c> does not honour its cancellation token at
    /// every step while a connection is being re-established (the one-time topology set-up of a new channel, and
    /// faulting/stopping the old channel's agent, are awaited without it), so a publish caught by a broker restart
    /// may never complete; <c>Parallel.ForEachAsync</c> waits for every body it started, even after cancellation,
    /// so one such publish used to hold the scan, and with it the watcher, forever. Each publish is therefore
    /// awaited with <c>WaitAsync</c> (<see cref="WatcherOptions.PublishTimeout"/>, or the scan's abort), and
    /// abandoned past it: the file stays in the inbox for the next scan.
    /// </remarks>
    public async Task<bool> ScanOnceAsync(CancellationToken cancellationToken)
    {
        ShowLife();
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
        Interlocked.Exchange(ref _waiting, present.Count);
        if (ready.Count == 0)
        {
            return present.Count > 0;
        }

        // After trouble, ask the broker before offering it files: a scan during an outage ends within the probe's
        // two seconds instead of waiting out PublishTimeout, and the first scan after the broker is back publishes.
        if (Interlocked.Read(ref _brokerTroubleSince) >= 0 && !await broker.AnswersAsync(cancellationToken))
        {
            // The gates are not restarted: files that were complete are taken by the first scan the broker answers.
            logger.LogDebug("The broker still does not answer; {Waiting} files wait in the inbox", ready.Count);
            return true;
        }

        // The first publish the broker refuses, or the watchdog finding it gone, ends this scan: the rest would
        // fail the same way, and every file stays in the inbox for the next one.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scan = new ScanProgress();
        var watchdog = WatchBrokerAsync(scan, abort);
        try
        {
            // Bounded in-flight publishes: the watcher's memory stays bounded however many files arrive.
            await Parallel.ForEachAsync(
                ready,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxUnconfirmedPublishes, CancellationToken = abort.Token },
                async (entry, token) =>
                {
                    if (await TakeAsync(entry, scan, abort, token))
                    {
                        Interlocked.Increment(ref scan.Taken);
                    }

                    ShowLife();
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The broker is not confirming publishes; {Waiting} files wait in the inbox for the next scan", ready.Count - scan.Taken);
        }
        finally
        {
            await abort.CancelAsync();
            await watchdog;
            RestartGates(ready);
        }

        if (scan.BrokerTrouble)
        {
            Interlocked.CompareExchange(ref _brokerTroubleSince, time.GetTimestamp(), -1);
        }
        else if (scan.Confirmed > 0)
        {
            Interlocked.Exchange(ref _brokerTroubleSince, -1);
        }

        Interlocked.Exchange(ref _waiting, present.Count - scan.Taken);
        return present.Count > scan.Taken;
    }

    /// <summary>Whatever happened, a path seen again starts a new window: a file re-dropped under the same name is a new file, and one left behind is looked at afresh.</summary>
    private void RestartGates(List<InboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            _gate.Restart(entry.Info.FullName);
        }
    }

    /// <summary>
    /// While publishes are in flight and none has been confirmed for a <see cref="WatcherOptions.ScanInterval"/>
    /// (at least a second), asks the broker whether it is there; when it is not, aborts the scan at once rather
    /// than letting each publish wait out <see cref="WatcherOptions.PublishTimeout"/>, so the next scan (which
    /// probes first) publishes within one interval of the broker's return.
    /// </summary>
    private async Task WatchBrokerAsync(ScanProgress scan, CancellationTokenSource abort)
    {
        var interval = _options.ScanInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _options.ScanInterval;
        var seen = Volatile.Read(ref scan.Confirmed);
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, abort.Token);
                var confirmed = Volatile.Read(ref scan.Confirmed);
                if (confirmed != seen)
                {
                    seen = confirmed;
                    continue;
                }

                if (!await broker.AnswersAsync(abort.Token))
                {
                    logger.LogWarning("The broker stopped answering mid-scan; the publishes in flight are abandoned and their files wait in the inbox");
                    scan.BrokerTrouble = true;
                    await abort.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Publishes and moves one file, or refuses it; false when it stays in the inbox.</summary>
    private async Task<bool> TakeAsync(InboxEntry entry, ScanProgress scan, CancellationTokenSource abort, CancellationToken cancellationToken)
    {
        metrics.FilesDiscovered.Add(1);
        var info = entry.Info;
        if (info is DirectoryInfo)
        {
            await RejectAsync(entry, _admission.JudgeFolder(info.LinkTarget), size: null, sha256: null, cancellationToken);
            return true;
        }

        if (_options.TestDelayBeforeOpen > TimeSpan.Zero)
        {
            logger.LogInformation("Test delay: opening {File} in {Delay}", entry.RelativePath, _options.TestDelayBeforeOpen);
            await Task.Delay(_options.TestDelayBeforeOpen, time, cancellationToken);
        }

        var read = await ReadAsync(entry, cancellationToken);
        if (read is not { } file)
        {
            return false;
        }

        if (file.Refusal is { } refusal)
        {
            await RejectAsync(entry, refusal, file.Size, sha256: null, cancellationToken);
            return true;
        }

        var content = file.Content!;

        // FileId names this pickup only. Identity downstream is the content hash plus the relative
        // path: the watcher never skips a file because it saw the name or the bytes before.
        var source = new SourceFile(
            Guid.NewGuid(),
            info.Name,
            entry.RelativePath,
            file.Payload?.Length ?? content.LongLength,
            file.Payload?.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(content)),
            file.CreatedUtc,
            file.LastWriteUtc,
            time.GetUtcNow());

        try
        {
            await PublishAsync(new FileDiscovered(source, content, file.Payload), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Broker away or refusing: the file stays in the inbox and a later scan offers it again;
            // nothing is moved before the broker has confirmed.
            logger.LogWarning(e, "Publish of {File} not confirmed; it stays in the inbox", entry.RelativePath);
            scan.BrokerTrouble = true;
            await abort.CancelAsync();
            return false;
        }

        Interlocked.Increment(ref scan.Confirmed);
        if (_options.TestPauseAfterConfirm > TimeSpan.Zero)
        {
            logger.LogInformation("Test pause: {File} confirmed, moving it in {Delay}", entry.RelativePath, _options.TestPauseAfterConfirm);
            await Task.Delay(_options.TestPauseAfterConfirm, time, cancellationToken);
        }

        // A crash here leaves a published file in the inbox: it is published again on restart, and
        // storage, unique on content hash plus path, records it once.
        var movedTo = folders.MoveToProcessed(info.FullName, entry.RelativePath);
        metrics.FilesPublished.Add(1);
        logger.LogInformation("Published {File} ({Size} bytes, sha256 {Sha}) -> {MovedTo}", entry.RelativePath, source.SizeBytes, source.RawSha256, movedTo);
        return true;
    }

    /// <summary>
    /// Opens the entry without following links (<see cref="InboxFileOpener"/>) and reads it from that descriptor:
    /// its content, or why it is refused (<see cref="InboxAdmission.Judge"/>); null when it stays in the inbox (gone,
    /// or still held by its writer).
    /// </summary>
    private async Task<FileRead?> ReadAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        var opened = InboxFileOpener.Open(folders.Inbox, entry.RelativePath, _options.FollowLinksInsideInbox);
        using var held = opened as OpenedEntry.File;
        switch (_admission.Judge(opened))
        {
            case Verdict.Wait wait:
                logger.LogDebug("{File} is not taken now ({Why}); it stays pending", entry.RelativePath, wait.Why);
                return null;
            case Verdict.Refuse refusal:
                return held is { } refused
                    ? new FileRead(null, refusal, refused.Size, refused.CreatedUtc, refused.LastWriteUtc)
                    : new FileRead(null, refusal, null, default, default);
        }

        var file = held!;
        try
        {
            if (file.Size > payloads.InlineLimit)
            {
                // Too big to travel inside a message: copied from the same descriptor to the claim-check store
                // (hashed on the way, a small buffer at a time); the message carries the reference.
                var payload = await payloads.PutAsync(InboxFileOpener.OpenStream(file), cancellationToken);
                return payload.Length == file.Size
                    ? new FileRead([], null, file.Size, file.CreatedUtc, file.LastWriteUtc, payload)
                    : throw new IOException($"The file changed size while being read ({payload.Length} of {file.Size} bytes).");
            }

            return new FileRead(await InboxFileOpener.ReadAllAsync(file, cancellationToken), null, file.Size, file.CreatedUtc, file.LastWriteUtc);
        }
        catch (IOException e)
        {
            logger.LogDebug(e, "{File} could not be read whole; it stays pending", entry.RelativePath);
            return null;
        }
    }

    private sealed record FileRead(
        byte[]? Content, Verdict.Refuse? Refusal, long? Size, DateTime CreatedUtc, DateTime LastWriteUtc, PayloadReference? Payload = null);

    /// <summary>What one scan's publishes did, shared by its parallel bodies and its watchdog.</summary>
    private sealed class ScanProgress
    {
        public int Taken;
        public int Confirmed;
        public volatile bool BrokerTrouble;
    }

    private async Task RejectAsync(InboxEntry entry, Verdict.Refuse refusal, long? size, string? sha256, CancellationToken cancellationToken)
    {
        var info = entry.Info;
        var at = time.GetUtcNow();
        var movedTo = folders.MoveToFailed(info.FullName, entry.RelativePath, new FileRejection(refusal.Reason, Stages.Watcher, at, size, sha256));
        metrics.CountRefusal(Stages.Watcher, refusal.Code);
        logger.LogWarning("Refused {File}: {Reason} -> {MovedTo}", entry.RelativePath, refusal.Reason, movedTo);

        var source = new SourceFile(Guid.NewGuid(), info.Name, entry.RelativePath, size ?? 0, sha256 ?? "", info.CreationTimeUtc, info.LastWriteTimeUtc, at);
        try
        {
            await PublishAsync(new DocumentRejected(source, Stages.Watcher, refusal.Reason, at, movedTo, refusal.Code), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sidecar in failed/ is the durable record; the database copy is a convenience.
            logger.LogWarning(e, "Rejection of {File} not recorded in the database; its sidecar says why", entry.RelativePath);
        }
    }

    /// <summary>
    /// Publishes and waits for the broker's confirmation, but never longer than <see cref="WatcherOptions.PublishTimeout"/>
    /// nor past <paramref name="cancellationToken"/>, whether or not MassTransit honours the token: past either, the
    /// publish is abandoned (its outcome observed, its timeout left running so MassTransit's own wait ends too).
    /// </summary>
    private async Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        // The publish itself is never cancelled, only our wait for it is bounded. A cancellation reaching MassTransit
        // mid-way (during its channel's one-time topology set-up) can leave the send path faulted for good while the
        // connection stays open: after a RabbitMQ disk alarm longer than PublishTimeout, every later publish timed out
        // until the process was restarted. An abandoned publish completes, or fails, on its own; its file stays in the
        // inbox and a later scan may publish it again (storage keeps one copy).
        await publisher.Publish(message, CancellationToken.None).Confirmed(_options.PublishTimeout, cancellationToken, time);
    }

    /// <summary>The loop is alive: it must show life again within <see cref="WatcherOptions.StuckAfter"/> (plus a wait it is about to start).</summary>
    private void ShowLife(TimeSpan? waitingFor = null) =>
        Interlocked.Exchange(ref _mustShowLifeBy, time.GetTimestamp() + (long)((_options.StuckAfter + (waitingFor ?? TimeSpan.Zero)).TotalSeconds * time.TimestampFrequency));

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
            // Plus a little: .NET's timers run on the kernel's coarse monotonic clock (4 ms ticks here), so a delay of
            // exactly StableFor could end a few milliseconds short of the window the gate measures with the precise
            // clock, and a complete file would wait one more whole window (a quarter of lone files took 2 s, not 1).
            ShowLife(settle);
            await Task.Delay(settle + TimerSlack, time, cancellationToken);
            return;
        }

        var interval = _options.Discovery == DiscoveryMode.Events ? _options.SafetyScanInterval : _options.ScanInterval;
        ShowLife(interval);
        if (await _wake.WaitAsync(interval, cancellationToken))
        {
            // Let the events of one write (create, then change) settle into one scan. Short, because a file's
            // write-completion window starts at this scan: every millisecond here is a millisecond of a lone file's
            // drop-to-row latency (issue 10: 100 ms measured as most of the idle latency above StableFor). Files that
            // arrive later in a burst are seen by the scans the pending path schedules, whatever this is.
            await Task.Delay(EventSettle, time, cancellationToken);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
