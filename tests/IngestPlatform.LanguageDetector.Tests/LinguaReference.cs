using IngestPlatform.LanguageDetector.Detection;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// Lingua itself (high accuracy, all languages), built once per test run: ~25 s and ~3 GB, so only the gates that
/// compare with it live use it. Its models are static in Lingua, so every test class shares them.
/// </summary>
public static class LinguaReference
{
    private static readonly Lazy<LinguaLanguageIdentifier> Instance = new(() =>
        new LinguaLanguageIdentifier(Options.Create(new LanguageDetectionOptions { Engine = LanguageDetectionEngine.Lingua, PreloadModels = true })));

    public static LinguaLanguageIdentifier Identifier => Instance.Value;
}
