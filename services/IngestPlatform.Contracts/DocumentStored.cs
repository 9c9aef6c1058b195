namespace IngestPlatform.Contracts;

/// <summary>Published by storage once the document's row and its source row are committed.</summary>
/// <param name="DocumentId">Primary key of the row in <c>documents</c>.</param>
/// <param name="Source">The file that delivered it.</param>
/// <param name="ContentSha256">The normalized-content hash the document is unique on.</param>
/// <param name="WasDuplicate">True when the same content was already stored: only a source was recorded, no new document.</param>
public sealed record DocumentStored(
    long DocumentId,
    SourceFile Source,
    string ContentSha256,
    bool WasDuplicate);
