using System.Globalization;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// Accuracy on the shared UDHR corpus, clean items only (see its README), each test printing its per-language
/// table. The in-set thresholds are Lingua's own accuracy on the same items (high accuracy, all languages), as
/// measured side by side by the benchmark (bench/IngestPlatform.LanguageDetector.Bench, table in
/// docs/benchmarks-language-detector.md): building Lingua here would take ~25 s and ~3 GB per run. The out-of-set
/// thresholds are the goal this engine claims. Nothing here was fitted to these items per language: the
/// out-of-set test compares a text with statistics of the winner's own model, and its two global constants
/// were chosen on half of the languages (UdhrCorpus.CalibrationLanguages); the benchmark reports both halves.
/// </summary>
public class When_scoring_the_shared_corpus(ITestOutputHelper output)
{
    // Lingua 2.0.0 on the same items, from the benchmark run recorded in docs/benchmarks-language-detector.md.
    private const int LinguaRightDocuments = 73;
    private const int LinguaRightSnippets = 202;

    // Lingua answers und for 3 of 39 documents and 14 of 109 snippets outside its set.
    private const double ClaimedUndeterminedUnsupportedDocuments = 0.90;
    private const double ClaimedUndeterminedUnsupportedSnippets = 0.50;

    private static readonly NgramLanguageIdentifier Identifier = new(Options.Create(new LanguageDetectionOptions()));

    [Fact]
    public void Should_be_at_least_as_accurate_as_lingua_on_clean_documents()
    {
        var right = Score(UdhrCorpus.Documents(RepositoryPaths.SharedCorpus, linguaSupported: true));

        Assert.True(right >= LinguaRightDocuments, $"{right} right, Lingua gets {LinguaRightDocuments}");
    }

    [Fact]
    public void Should_be_at_least_as_accurate_as_lingua_on_clean_snippets()
    {
        var right = Score(UdhrCorpus.Snippets(RepositoryPaths.SharedCorpus, linguaSupported: true));

        Assert.True(right >= LinguaRightSnippets, $"{right} right, Lingua gets {LinguaRightSnippets}");
    }

    [Fact]
    public void Should_answer_und_for_most_documents_in_languages_outside_the_set()
    {
        var items = UdhrCorpus.Documents(RepositoryPaths.SharedCorpus, linguaSupported: false);

        var undetermined = Score(items);

        Assert.True(
            undetermined >= ClaimedUndeterminedUnsupportedDocuments * items.Count,
            $"{undetermined} of {items.Count} come back und, claimed {ClaimedUndeterminedUnsupportedDocuments:P0}");
    }

    [Fact]
    public void Should_answer_und_for_most_snippets_in_languages_outside_the_set()
    {
        var items = UdhrCorpus.Snippets(RepositoryPaths.SharedCorpus, linguaSupported: false);

        var undetermined = Score(items);

        Assert.True(
            undetermined >= ClaimedUndeterminedUnsupportedSnippets * items.Count,
            $"{undetermined} of {items.Count} come back und, claimed {ClaimedUndeterminedUnsupportedSnippets:P0}");
    }

    /// <summary>Counts the items answered as expected and prints one line per language: right / items, and the wrong answers.</summary>
    private int Score(IReadOnlyList<CorpusItem> items)
    {
        var right = 0;
        var byLanguage = new SortedDictionary<string, (string Name, int Right, int Total, List<string> Errors)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var expected = item.LinguaSupported ? item.Lang : LanguageGuess.Undetermined;
            var guess = Identifier.Identify(item.Text);
            var line = byLanguage.TryGetValue(item.Lang, out var l) ? l : (item.Language, 0, 0, []);
            line.Total++;
            if (guess.Language == expected)
            {
                right++;
                line.Right++;
            }
            else
            {
                line.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{item.File} -> {guess.Language} ({guess.Confidence:0.00}, runner-up {guess.RunnerUp})"));
            }

            byLanguage[item.Lang] = line;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{right} of {items.Count} as expected ({100.0 * right / items.Count:0.0}%)"));
        output.WriteLine("| language | as expected | wrong answers |");
        output.WriteLine("| --- | --- | --- |");
        foreach (var (code, (name, languageRight, total, errors)) in byLanguage)
        {
            output.WriteLine($"| {code} {name} | {languageRight}/{total} | {string.Join("; ", errors)} |");
        }

        return right;
    }
}
