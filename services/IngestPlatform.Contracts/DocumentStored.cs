namespace IngestPlatform.Contracts;

/// <summary>Published by storage once the document's row is committed.</summary>
/// <param name="DocumentId">Primary key of the row in <c>documents</c>.</param>
/// <param name="Source">The file that delivered it.</param>
/// <param name="ContentSha256">The content hash the row is unique on.</param>
/// <param name="WasDuplicate">True when the same content was already stored and nothing new was written.</param>
public sealed record DocumentStored(
    long DocumentId,
    SourceFile Source,
    string ContentSha256,
    bool WasDuplicate);
