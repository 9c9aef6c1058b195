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
        FilesPublished = _meter.CreateCounter<long>("ingest.files.published", description: "Files published by the watcher.");
        FilesRejected = _meter.CreateCounter<long>("ingest.files.rejected", description: "Files refused at some stage, with a reason.");
        DocumentsStored = _meter.CreateCounter<long>("ingest.documents.stored", description: "Documents written to PostgreSQL.");
    }

    /// <summary>Files published by the watcher.</summary>
    public Counter<long> FilesPublished { get; }

    /// <summary>Files refused at some stage (tag <c>stage</c>).</summary>
    public Counter<long> FilesRejected { get; }

    /// <summary>Documents written to PostgreSQL (tag <c>duplicate</c>).</summary>
    public Counter<long> DocumentsStored { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
