namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// Regression guards, not live comparisons: Lingua 2.0.0 (high accuracy, all languages, its best language whatever the
/// confidence) on exactly the items the tests read, recorded from one benchmark run
/// (bench/IngestPlatform.LanguageDetector.Bench, docs/benchmarks-language-detector.md). Rerun the benchmark and copy
/// its figures here when the corpus or Lingua changes. The one live comparison, on sentences, builds Lingua in the test.
/// </summary>
public static class RecordedFigures
{
    public const int LinguaWordPairs = 21257;
    public const int LinguaSingleWords = 17727;
    public const int LinguaUdhrDocuments = 73;
    public const int LinguaUdhrSnippets = 202;
}
