namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>What language a text is in. Implementations are thread-safe and do no I/O per call.</summary>
public interface ILanguageIdentifier
{
    LanguageGuess Identify(string text);

    /// <summary>
    /// The languages of a mixed document, line by line, consecutive lines of one language merged. Lines
    /// shorter than the configured minimum (a "Share Post:" button label) stay with their neighbours
    /// rather than becoming a segment of their own. By default the whole text is one segment.
    /// </summary>
    IReadOnlyList<LanguageSegment> IdentifySegments(string text) => [new(0, text.Length, Identify(text))];
}

/// <summary>A stretch of text (<paramref name="Start"/>, <paramref name="Length"/> in chars) and its language.</summary>
public sealed record LanguageSegment(int Start, int Length, LanguageGuess Guess);

/// <summary>
/// The answer: ISO 639-1 code (639-3 where there is none) or <see cref="Undetermined"/>, the
/// confidence of the best language (0 to 1), and the runner-up when there is one.
/// </summary>
public sealed record LanguageGuess(string Language, double Confidence, string? RunnerUp)
{
    public const string Undetermined = "und";
}
