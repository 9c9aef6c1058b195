namespace IngestPlatform.Contracts;

/// <summary>Published by the normalizer: the file decoded to text, cleaned, with a title.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Encoding">Name of the encoding the bytes were decoded with (e.g. <c>utf-8</c>).</param>
/// <param name="Title">The first real headline of the text.</param>
/// <param name="Text">The normalized text.</param>
/// <param name="OriginalText">The decoded text before normalization.</param>
public sealed record DocumentNormalized(
    SourceFile Source,
    string Encoding,
    string Title,
    string Text,
    string OriginalText);
