namespace IngestPlatform.Storage.Data;

/// <summary>
/// A row of <c>document_sources</c>: one file that delivered a document, with its way through the
/// pipeline. Unique on raw hash + path: a redelivery or a re-publish after a watcher crash finds its
/// row; a corrected file under the same name, or a copy under another name, is a new source.
/// </summary>
public sealed class DocumentSource
{
    public long Id { get; set; }

    public long DocumentId { get; set; }

    public StoredDocument? Document { get; set; }

    /// <summary>SHA-256 of the file's bytes as they were dropped.</summary>
    public required string RawSha256 { get; set; }

    /// <summary>Path relative to the inbox, '/'-separated.</summary>
    public required string RelativePath { get; set; }

    public required string FileName { get; set; }

    public long SizeBytes { get; set; }

    public DateTimeOffset FileCreatedAt { get; set; }

    public DateTimeOffset FileModifiedAt { get; set; }

    /// <summary>The watcher's pickup id (<c>SourceFile.FileId</c>) of the delivery that was stored.</summary>
    public Guid FileId { get; set; }

    /// <summary>The bus message id of the <c>LanguageDetected</c> that delivered it.</summary>
    public Guid? MessageId { get; set; }

    public required string Encoding { get; set; }

    /// <summary>How sure the normalizer was of <see cref="Encoding"/>, 0-1; null for rows stored before it said.</summary>
    public double? EncodingConfidence { get; set; }

    /// <summary>When the choice was close, the encodings weighed (JSON array of {encoding, score}); else null.</summary>
    public string? EncodingCandidates { get; set; }

    public required string NormalizerVersion { get; set; }

    public required string DetectorVersion { get; set; }

    public DateTimeOffset DiscoveredAt { get; set; }

    public DateTimeOffset NormalizedAt { get; set; }

    public DateTimeOffset LanguageDetectedAt { get; set; }

    public DateTimeOffset StoredAt { get; set; }
}
