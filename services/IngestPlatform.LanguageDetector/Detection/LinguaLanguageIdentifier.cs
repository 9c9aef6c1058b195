using Lingua;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>Language identification by Lingua (high-accuracy mode), the accuracy reference.</summary>
public sealed class LinguaLanguageIdentifier : ILanguageIdentifier
{
    private readonly Lingua.LanguageDetector _detector;
    private readonly double _minimumConfidence;

    public LinguaLanguageIdentifier(IOptions<LanguageDetectionOptions> options)
    {
        var o = options.Value;
        o.TryGetLanguages(out var languages, out _);
        var builder = languages.Length >= 2
            ? LanguageDetectorBuilder.FromLanguages(languages)
            : LanguageDetectorBuilder.FromAllLanguages();
        if (o.PreloadModels)
        {
            builder = builder.WithPreloadedLanguageModels();
        }

        _detector = builder.Build();
        _minimumConfidence = o.MinimumConfidence;
    }

    public LanguageGuess Identify(string text)
    {
        // Sorted by confidence, best first.
        using var ranked = _detector.ComputeLanguageConfidenceValues(text).GetEnumerator();
        if (!ranked.MoveNext() || ranked.Current.Value <= 0)
        {
            return new LanguageGuess(LanguageGuess.Undetermined, 0, null);
        }

        var best = ranked.Current;
        var runnerUp = ranked.MoveNext() && ranked.Current.Value > 0 ? Code(ranked.Current.Key) : null;
        var language = best.Value >= _minimumConfidence ? Code(best.Key) : LanguageGuess.Undetermined;
        return new LanguageGuess(language, best.Value, runnerUp);
    }

    /// <summary>ISO 639-1 where the language has one, else ISO 639-3, lower case.</summary>
    public static string Code(Language language)
    {
        var iso1 = language.IsoCode6391();
        return (iso1 != IsoCode6391.None ? iso1.ToString() : language.IsoCode6393().ToString()).ToLowerInvariant();
    }
}
