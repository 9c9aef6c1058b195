namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>What language a text is in. Implementations are thread-safe and do no I/O per call.</summary>
public interface ILanguageIdentifier
{
    LanguageGuess Identify(string text);
}

/// <summary>
/// The answer: ISO 639-1 code (639-3 where there is none) or <see cref="Undetermined"/>, the
/// confidence of the best language (0 to 1), and the runner-up when there is one.
/// </summary>
public sealed record LanguageGuess(string Language, double Confidence, string? RunnerUp)
{
    public const string Undetermined = "und";
}
