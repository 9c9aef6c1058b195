namespace IngestPlatform.Normalizer.Text;

/// <summary>The text of a file, decoded and cleaned.</summary>
public sealed record NormalizedDocument(string Encoding, string Title, string Text, string OriginalText);

/// <summary>Either a document or the reason the input cannot become one.</summary>
public sealed record NormalizationResult(NormalizedDocument? Document, string? RejectionReason)
{
    public static NormalizationResult Success(NormalizedDocument document) => new(document, null);

    public static NormalizationResult Rejected(string reason) => new(null, reason);
}
