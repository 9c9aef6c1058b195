using IngestPlatform.LanguageDetector.Detection;
using static Microsoft.Extensions.Options.Options;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// Lingua itself (high accuracy, all languages), built once per test run: ~25 s and ~3 GB, so only the gates that
/// compare with it live use it. Its models are static in Lingua, so every test class shares them.
/// </summary>
public static class LinguaReference
{
    private static readonly Lazy<LinguaLanguageIdentifier> Instance = new(() =>
        new LinguaLanguageIdentifier(Create(Settings)));

    /// <summary>Lingua as its own accuracy report scores it: its best language, whatever the confidence.</summary>
    public static LanguageDetectionOptions Settings => new() { Engine = LanguageDetectionEngine.Lingua, PreloadModels = true, MinimumConfidence = 0 };

    public static LinguaLanguageIdentifier Identifier => Instance.Value;
}
