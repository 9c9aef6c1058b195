namespace IngestPlatform.Storage.Data;

/// <summary>A row of <c>ingest_failures</c>: a file some stage refused or failed on, and why.</summary>
public sealed class IngestFailure
{
    /// <summary>The stage refused the input for a reason a person can act on (empty, binary, undecodable...).</summary>
    public const string Rejected = "rejected";

    /// <summary>The stage threw after its retries (a bug, or a dependency down too long); the message is in its <c>_error</c> queue.</summary>
    public const string Fault = "fault";

    public long Id { get; set; }

    public Guid FileId { get; set; }

    /// <summary><c>watcher</c>, <c>normalizer</c>, <c>language-detector</c> or <c>storage</c>.</summary>
    public required string Stage { get; set; }

    /// <summary><see cref="Rejected"/> or <see cref="Fault"/>.</summary>
    public required string Kind { get; set; }

    public required string Reason { get; set; }

    public required string SourceFileName { get; set; }

    public required string SourcePath { get; set; }

    public long SourceSizeBytes { get; set; }

    /// <summary>SHA-256 of the file's bytes, empty when the watcher could not read them.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The bus message that was refused or faulted, when there was one.</summary>
    public Guid? MessageId { get; set; }

    public DateTimeOffset RejectedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
