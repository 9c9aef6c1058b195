using NpgsqlTypes;

namespace IngestPlatform.Storage.Data;

/// <summary>A row of <c>documents</c>: one per distinct normalized content, however many files delivered it.</summary>
public sealed class StoredDocument
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the normalized text; unique, so the same article in two encodings or layouts is one document.</summary>
    public required string ContentSha256 { get; set; }

    public required string Title { get; set; }

    public required string Text { get; set; }

    /// <summary>The decoded text of the first file that delivered this content.</summary>
    public required string OriginalText { get; set; }

    public required string Encoding { get; set; }

    public int WordCount { get; set; }

    public string? PublicationDate { get; set; }

    public string? SourceUrl { get; set; }

    public string? Outlet { get; set; }

    public string? Copyright { get; set; }

    public string[] PhotoCredits { get; set; } = [];

    public required string Language { get; set; }

    public double LanguageConfidence { get; set; }

    public string? LanguageRunnerUp { get; set; }

    /// <summary>The PostgreSQL text-search configuration <see cref="SearchVector"/> was built with (<c>french</c>, <c>simple</c>...).</summary>
    public required string SearchConfig { get; set; }

    /// <summary>Title (weight A) and text (weight B), written by the batch writer's SQL, never by EF.</summary>
    public NpgsqlTsVector? SearchVector { get; set; }

    public required string NormalizerVersion { get; set; }

    public required string DetectorVersion { get; set; }

    public DateTimeOffset NormalizedAt { get; set; }

    public DateTimeOffset LanguageDetectedAt { get; set; }

    public DateTimeOffset StoredAt { get; set; }

    public List<DocumentSource> Sources { get; } = [];
}
