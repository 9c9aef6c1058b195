namespace IngestPlatform.Normalizer.Text;

/// <summary>The text of a file, decoded and cleaned.</summary>
/// <param name="Encoding">The encoding the bytes were decoded with (WHATWG-style name, e.g. <c>utf-8</c>, <c>windows-1252</c>).</param>
/// <param name="Title">The first real headline.</param>
/// <param name="Text">The normalized text: NFC, cleaned, boilerplate removed, glued sentences repaired.</param>
/// <param name="OriginalText">The decoded text exactly as the file holds it (byte-order mark and a cut-off last character dropped).</param>
public sealed record NormalizedDocument(string Encoding, string Title, string Text, string OriginalText)
{
    /// <summary>How sure the encoding choice is, 0-1: 1 for a byte-order mark or valid UTF-8.</summary>
    public double EncodingConfidence { get; init; } = 1.0;

    /// <summary>When the encoding choice was close, the encodings weighed, best first, with their scores; else empty.</summary>
    public IReadOnlyList<DecodingCandidate> EncodingCandidates { get; init; } = [];

    public NewsMetadata Metadata { get; init; } = new(null, null, null, [], null);

    /// <summary>SHA-256 (lower-case hex) of <see cref="Text"/> in UTF-8: equal for the same article in any encoding or layout, for dedup.</summary>
    public string NormalizedSha256 { get; init; } = string.Empty;

    public int WordCount { get; init; }
}

/// <summary>Either a document or the reason the input cannot become one, in words and as one of <c>RefusalReasons</c>.</summary>
public sealed record NormalizationResult(NormalizedDocument? Document, string? RejectionReason, string? RejectionCode)
{
    public static NormalizationResult Success(NormalizedDocument document) => new(document, null, null);

    public static NormalizationResult Rejected(string code, string reason) => new(null, reason, code);
}
