namespace IngestPlatform.Storage.Data;

/// <summary>A row of <c>ingest_failures</c>: a file some stage refused or failed on, and why.</summary>
public sealed class IngestFailure
{
    public long Id { get; set; }

    public Guid FileId { get; set; }

    /// <summary>One of <see cref="Contracts.Vocabulary.Stages.All"/>.</summary>
    public required string Stage { get; set; }

    /// <summary><c>rejected</c> or <c>fault</c> (<see cref="Contracts.Vocabulary.FailureKinds"/>).</summary>
    public required string Kind { get; set; }

    public required string Reason { get; set; }

    /// <summary>
    /// For a rejection, its code (<see cref="Contracts.RefusalReasons"/>: the <c>reason</c> of the refusal metric), so
    /// refusals can be counted and filtered by cause; null for faults and for rows recorded before codes existed.
    /// </summary>
    public string? ReasonCode { get; set; }

    public required string SourceFileName { get; set; }

    public required string SourcePath { get; set; }

    public long SourceSizeBytes { get; set; }

    /// <summary>SHA-256 of the file's bytes, empty when the watcher could not read them.</summary>
    public required string RawSha256 { get; set; }

    /// <summary>The bus message that was refused or faulted, when there was one.</summary>
    public Guid? MessageId { get; set; }

    public DateTimeOffset RejectedAt { get; set; }

    /// <summary>
    /// Where the watcher moved a file it refused (beside its <c>.error.json</c> sidecar), so the database says all the
    /// sidecar says; null for the other stages and for rows recorded before it was kept.
    /// </summary>
    public string? FailedPath { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
