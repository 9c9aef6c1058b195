namespace IngestPlatform.Contracts;

/// <summary>Published by the language detector: the normalized document with its language.</summary>
/// <param name="Document">The normalized document.</param>
/// <param name="Language">ISO 639-1 code (639-3 where a language has none), or <c>und</c> when unsure.</param>
/// <param name="Confidence">Confidence of <paramref name="Language"/>, 0 to 1.</param>
/// <param name="RunnerUp">The second most likely language, when there is one.</param>
/// <param name="Stage">Which detector version (and engine) produced this, and when.</param>
/// <param name="Segments">
/// The stretches of a document that mixes languages, in order; empty when it is in one language or when
/// segment detection is off (<c>LanguageDetection:DetectSegments</c>).
/// </param>
public sealed record LanguageDetected(
    DocumentNormalized Document,
    string Language,
    double Confidence,
    string? RunnerUp,
    StageStamp Stage,
    IReadOnlyList<LanguageSpan> Segments);
