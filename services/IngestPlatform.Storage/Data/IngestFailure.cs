namespace IngestPlatform.Storage.Data;

/// <summary>A row of <c>ingest_failures</c>: a file some stage refused, and why.</summary>
public sealed class IngestFailure
{
    public long Id { get; set; }

    public Guid FileId { get; set; }

    public required string Stage { get; set; }

    public required string Reason { get; set; }

    public required string SourceFileName { get; set; }

    public required string SourcePath { get; set; }

    public long SourceSizeBytes { get; set; }

    public required string Sha256 { get; set; }

    public DateTimeOffset RejectedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
