namespace IngestPlatform.Storage.Data;

/// <summary>A row of <c>documents</c>: one per distinct content.</summary>
public sealed class StoredDocument
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the file's raw bytes; unique, so the same content dropped twice is stored once.</summary>
    public required string ContentSha256 { get; set; }

    public required string SourceFileName { get; set; }

    public required string SourcePath { get; set; }

    public long SourceSizeBytes { get; set; }

    public required string Encoding { get; set; }

    public required string Title { get; set; }

    public required string Text { get; set; }

    public required string OriginalText { get; set; }

    public required string Language { get; set; }

    public double LanguageConfidence { get; set; }

    public string? LanguageRunnerUp { get; set; }

    public Guid FileId { get; set; }

    public DateTimeOffset DiscoveredAt { get; set; }

    public DateTimeOffset IngestedAt { get; set; }
}
