namespace IngestPlatform.Contracts;

/// <summary>Published by the normalizer: the file decoded to text, cleaned, with a title.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Encoding">Name of the encoding the bytes were decoded with (e.g. <c>utf-8</c>).</param>
/// <param name="Title">The first real headline of the text.</param>
/// <param name="Text">The normalized text.</param>
/// <param name="OriginalText">The decoded text before normalization.</param>
/// <param name="ContentSha256">
/// Lower-case hex SHA-256 of <paramref name="Text"/> in UTF-8: equal for the same article whatever its
/// encoding or layout, so storage keeps one document per distinct content.
/// </param>
/// <param name="Metadata">What the article says about itself (date, address, outlet...).</param>
/// <param name="WordCount">Words in <paramref name="Text"/>.</param>
/// <param name="Stage">Which normalizer version produced this, and when.</param>
/// <param name="TextPayload">
/// Where <paramref name="Text"/> is when it was too large to travel inline (then <paramref name="Text"/> is empty).
/// </param>
/// <param name="OriginalTextPayload">The same for <paramref name="OriginalText"/>.</param>
/// <param name="EncodingConfidence">How sure the choice of <paramref name="Encoding"/> is, 0-1 (1 for a byte-order mark or valid UTF-8).</param>
/// <param name="EncodingCandidates">
/// When the choice was close, the encodings weighed, best first, with their scores; null otherwise. Trailing and
/// optional so messages from an older normalizer still deserialize.
/// </param>
/// <param name="Reprocess">
/// Set when this is a stored document re-run by the admin tool's <c>reprocess</c>; the language detector passes it on
/// inside <see cref="LanguageDetected.Document"/>, so storage updates the document instead of inserting. Trailing and optional.
/// </param>
public sealed record DocumentNormalized(
    SourceFile Source,
    string Encoding,
    string Title,
    string Text,
    string OriginalText,
    string ContentSha256,
    ArticleMetadata Metadata,
    int WordCount,
    StageStamp Stage,
    PayloadReference? TextPayload = null,
    PayloadReference? OriginalTextPayload = null,
    double EncodingConfidence = 1.0,
    IReadOnlyList<EncodingCandidate>? EncodingCandidates = null,
    Reprocessing? Reprocess = null);
