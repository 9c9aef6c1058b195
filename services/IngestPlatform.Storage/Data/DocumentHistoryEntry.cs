namespace IngestPlatform.Storage.Data;

/// <summary>
/// A row of <c>document_history</c>: one reprocessing of a stored document (the admin tool's <c>reprocess</c>), with
/// what changed. The first pass through the pipeline is in <c>document_sources</c>; this records every run after it.
/// </summary>
public sealed class DocumentHistoryEntry
{
    public long Id { get; set; }

    /// <summary>The document the entry belongs to now (a merged document's entries move to the one it merged into).</summary>
    public long DocumentId { get; set; }

    /// <summary>The document the run was for, as it was numbered then; with <see cref="RunId"/> and <see cref="Stage"/>, unique.</summary>
    public long ReprocessedDocumentId { get; set; }

    public Guid RunId { get; set; }

    /// <summary><c>normalizer</c> or <c>language-detector</c>.</summary>
    public required string Stage { get; set; }

    /// <summary><c>updated</c> (in place) or <c>merged</c> (its new text was already another document's, which took its sources).</summary>
    public required string Action { get; set; }

    public required string FromVersion { get; set; }

    public required string ToVersion { get; set; }

    /// <summary>What changed, for a person: the language before and after, whether the text changed.</summary>
    public required string Detail { get; set; }

    public DateTimeOffset At { get; set; }
}
