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

    /// <summary>ISO 639-1 codes to consider; empty means every language Lingua knows.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Load every model at start-up (slow start, steady latency) instead of on first use.</summary>
    public bool PreloadModels { get; set; }

    /// <summary>Messages one replica detects at once; CPU-bound, so about the number of cores.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = Math.Max(1, Environment.ProcessorCount);

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
