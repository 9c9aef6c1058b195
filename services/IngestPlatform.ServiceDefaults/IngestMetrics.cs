using System.Diagnostics.Metrics;

namespace IngestPlatform.ServiceDefaults;

/// <summary>The platform's own counters, one meter for all services.</summary>
public sealed class IngestMetrics : IDisposable
{
    /// <summary>Name of the meter, for OpenTelemetry.</summary>
    public const string MeterName = "IngestPlatform";

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter from the DI-managed factory.</summary>
    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        FilesDiscovered = _meter.CreateCounter<long>("ingest.files.discovered",
            description: "Files the active watcher took from its inbox (a file offered again after an unconfirmed publish counts again).");
        FilesPublished = _meter.CreateCounter<long>("ingest.files.published", description: "Files published by the watcher.");
        FilesRejected = _meter.CreateCounter<long>("ingest.files.rejected", description: "Files refused at some stage, with a reason.");
        DocumentsStored = _meter.CreateCounter<long>("ingest.documents.stored", description: "Documents written to PostgreSQL.");
        WatcherErrors = _meter.CreateCounter<long>("ingest.watcher.errors",
            description: "File-system watcher errors and buffer overflows; each one triggers a rescan and a new watcher.");
        WatcherActive = _meter.CreateUpDownCounter<long>("ingest.watcher.active",
            description: "1 while this watcher holds its inbox's lock and takes files, 0 while it stands by.");
    }

    /// <summary>Files the active watcher took from its inbox.</summary>
    public Counter<long> FilesDiscovered { get; }

    /// <summary>Files published by the watcher.</summary>
    public Counter<long> FilesPublished { get; }

    /// <summary>Files refused at some stage (tags <c>stage</c> and <c>reason</c>, a code of <c>RefusalReasons</c>: count with <see cref="RefusalMetrics.CountRefusal"/>).</summary>
    public Counter<long> FilesRejected { get; }

    /// <summary>Documents written to PostgreSQL (tags <c>duplicate</c>, <c>language</c>).</summary>
    public Counter<long> DocumentsStored { get; }

    /// <summary>File-system watcher errors and buffer overflows (each triggers a rescan and a new watcher).</summary>
    public Counter<long> WatcherErrors { get; }

    /// <summary>1 while this watcher is the active one for its inbox, 0 while it is on standby.</summary>
    public UpDownCounter<long> WatcherActive { get; }

    /// <summary>
    /// Publishes <c>ingest.watcher.last_scan_age</c> (seconds since the active watcher last finished a scan of its
    /// inbox; no value while it stands by): an alert on it catches a watcher that stopped taking files. Called once
    /// by the watcher, which owns the clock.
    /// </summary>
    public void ObserveWatcherLastScanAge(Func<double?> ageSeconds) =>
        _meter.CreateObservableGauge(
            "ingest.watcher.last_scan_age",
            () => ageSeconds() is { } age ? [new Measurement<double>(age)] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "Seconds since the active watcher last finished a scan of its inbox; absent on a standby.");

    /// <summary>
    /// Publishes <c>ingest.queue.ready</c> and <c>ingest.queue.consumers</c> (tag <c>queue</c>) from the readings
    /// <paramref name="depths"/> returns; called once by <see cref="QueueDepthMonitor"/>, which reads them.
    /// </summary>
    public void ObserveQueueDepths(Func<IEnumerable<(string Queue, QueueDepth Depth)>> depths)
    {
        _meter.CreateObservableGauge(
            "ingest.queue.ready",
            () => depths().Select(d => new Measurement<long>(d.Depth.Ready ?? 0, new KeyValuePair<string, object?>("queue", d.Queue))),
            unit: "{message}",
            description: "Messages waiting in a queue this service consumes, as its consumer last read them (ready, not unacknowledged).");
        _meter.CreateObservableGauge(
            "ingest.queue.consumers",
            () => depths().Select(d => new Measurement<long>(d.Depth.Consumers, new KeyValuePair<string, object?>("queue", d.Queue))),
            unit: "{consumer}",
            description: "Consumers attached to a queue this service consumes, every replica's.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
