namespace IngestPlatform.Contracts;

/// <summary>A stretch of a mixed document in one language (an English "Share Post:" block inside a French article).</summary>
/// <param name="Start">Offset of the stretch in the normalized text, in UTF-16 code units.</param>
/// <param name="Length">Its length, in UTF-16 code units.</param>
/// <param name="Language">ISO 639-1 code (639-3 where a language has none), or <c>und</c>.</param>
/// <param name="Confidence">Confidence of <paramref name="Language"/>, 0 to 1.</param>
public sealed record LanguageSpan(int Start, int Length, string Language, double Confidence);
