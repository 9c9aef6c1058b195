using System.ComponentModel.DataAnnotations;
using Lingua;

namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>Bound from the <c>LanguageDetection</c> section.</summary>
public sealed class LanguageDetectionOptions
{
    public const string SectionName = "LanguageDetection";

    /// <summary>Below this confidence the answer is <c>und</c> rather than a guess.</summary>
    [Range(0.0, 1.0)]
    public double MinimumConfidence { get; set; } = 0.2;

    /// <summary>
    /// Fast engine: answer <c>und</c> when even the best language's model explains the text far worse than it
    /// explains its own language (a language outside the set rather than a relative of it). Off by default: on
    /// ordinary prose it also rejects supported text (11.6% of the lingua-testdata paragraphs, a fifth of the
    /// unseen Wikipedia excerpts of issue 14), which costs more than the out-of-set documents it catches
    /// (docs/language-detection.md). Turn it on for a feed that mixes in many unsupported languages.
    /// </summary>
    public bool RejectOutOfSet { get; set; }

    /// <summary>
    /// With <see cref="RejectOutOfSet"/>: how many standard deviations worse than on its own texts the best
    /// language's model may explain a text before the answer is <c>und</c>. Lower rejects more unsupported
    /// languages and more unusual supported text. 4 was chosen on half of the UDHR corpus's languages and checked
    /// on the other half (docs/language-detection.md).
    /// </summary>
    [Range(1.0, 1000.0)]
    public double MaximumSurprise { get; set; } = 4.0;

    /// <summary>ISO 639-1 codes to consider; empty means every language Lingua knows.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary><see cref="LanguageDetectionEngine.Fast"/> (the n-gram index) or Lingua itself, the slow reference.</summary>
    public LanguageDetectionEngine Engine { get; set; } = LanguageDetectionEngine.Fast;

    /// <summary>
    /// The fast engine's index file; empty means <c>ngram-index.bin</c> beside the assembly (written by the
    /// build), falling back to building it in memory from Lingua's model files (slow start) when absent.
    /// </summary>
    public string? IndexPath { get; set; }

    /// <summary>
    /// Characters of a long document the fast engine scores, taken as evenly spread windows. The accuracy /
    /// speed trade-off: thousands of characters already separate even close languages.
    /// </summary>
    [Range(200, 1_000_000)]
    public int SampleLength { get; set; } = 2000;

    /// <summary>
    /// Below this many characters (of the lower-cased letters and word breaks it scores) the fast engine scores 1- to
    /// 5-grams, as Lingua's high-accuracy mode does below 120; above it trigrams only, for speed. 250 was chosen on
    /// lingua-testdata sentences (every one is shorter): 120, 160, 200, 250 ... 500 right on 22,761, 22,776, 22,792,
    /// 22,803 ... 22,803 of 23,700, the gain the same on odd and even lines (+22, +20), mostly Indonesian and
    /// Croatian read as their neighbours; its paragraphs (500+ characters) are unaffected, news articles too.
    /// </summary>
    [Range(0, 100_000)]
    public int ShortTextLength { get; set; } = 250;

    /// <summary>Shortest run of text (characters) reported as a segment of its own language in a mixed document.</summary>
    [Range(10, 100_000)]
    public int MinimumSegmentLength { get; set; } = 30;

    /// <summary>
    /// Also report the languages of a mixed document's stretches (<c>LanguageDetected.Segments</c>). Off by
    /// default: it scores every line, which costs several times the single whole-document answer.
    /// </summary>
    public bool DetectSegments { get; set; }

    /// <summary>Load every model at start-up (slow start, steady latency) instead of on first use.</summary>
    public bool PreloadModels { get; set; }

    /// <summary>
    /// Messages one replica works on at once. Not the core count: detecting takes well under a millisecond, and each
    /// message then waits for its publish's confirmation, so with 2 in flight the stage was bound by round trips
    /// (pipeline bench, one run: 16 gave 30 files/s against 18, and 30% less CPU per file over the whole machine,
    /// because storage's batches filled). The same as the normalizer's MassTransit default prefetch.
    /// </summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>The configured codes, lower case; empty means all.</summary>
    public IReadOnlySet<string> LanguageCodes() =>
        Languages.Select(l => l.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    public bool TryGetLanguages(out Language[] languages, out string? unknown)
    {
        var result = new List<Language>();
        foreach (var code in Languages)
        {
            if (!Enum.TryParse<IsoCode6391>(code, ignoreCase: true, out var iso) || iso == IsoCode6391.None)
            {
                languages = [];
                unknown = code;
                return false;
            }

            result.Add(LanguageInfo.GetByIsoCode6391(iso));
        }

        languages = [.. result];
        unknown = null;
        return true;
    }
}

public enum LanguageDetectionEngine
{
    /// <summary>Inverted n-gram index over Lingua's models: Lingua's accuracy at a fraction of its cost.</summary>
    Fast,

    /// <summary>Lingua high-accuracy mode: the reference, gigabytes and tens of documents a second.</summary>
    Lingua,
}
