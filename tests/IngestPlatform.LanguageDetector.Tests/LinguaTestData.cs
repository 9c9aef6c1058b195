namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// Lingua's own accuracy-report test data (<c>../shared/corpus/lingua-testdata</c>, see the corpus README): for each of
/// 79 languages 300 sentences, 300 word pairs and 300 single words from the Leipzig corpora (news, web, Wikipedia),
/// one text per line. Every language in it is one Lingua supports, so every item is expected back as its code.
/// Also compiled into the benchmark, so both score the same items.
/// </summary>
public static class LinguaTestData
{
    public const int Languages = 79;
    public const int LinesPerFile = 300;

    /// <summary>The three kinds Lingua reports on, as folder names.</summary>
    public static readonly string[] Kinds = ["sentences", "word-pairs", "single-words"];

    /// <summary>Items of one kind: <c>Languages × LinesPerFile</c> when the corpus is whole.</summary>
    public static IReadOnlyList<CorpusItem> Read(string folder, string kind) =>
        [.. Files(folder, kind).SelectMany(f => File.ReadAllLines(f.Path)
            .Where(line => line.Length > 0)
            .Select((line, i) => new CorpusItem($"{kind}/{f.Lang}:{i + 1}", f.Lang, f.Lang, true, line)))];

    /// <summary>
    /// Encyclopedia-like paragraphs: each language's sentences joined in order into paragraphs of 5, 6, ... 10
    /// sentences (cycling), the last incomplete one dropped: 40 per language. A stand-in for the multi-sentence prose
    /// a user feeds the pipeline; no threshold or weight of the fast engine was chosen on these.
    /// </summary>
    public static IReadOnlyList<CorpusItem> Paragraphs(string folder)
    {
        var items = new List<CorpusItem>();
        foreach (var (lang, path) in Files(folder, "sentences"))
        {
            var sentences = File.ReadAllLines(path).Where(line => line.Length > 0).ToArray();
            for (int start = 0, n = 0; start + 5 + (n % 6) <= sentences.Length; start += 5 + (n % 6), n++)
            {
                items.Add(new CorpusItem($"paragraphs/{lang}:{n + 1}", lang, lang, true, string.Join(" ", sentences.AsSpan(start, 5 + (n % 6)).ToArray())));
            }
        }

        return items;
    }

    /// <summary>Paragraphs per language from 300 sentences: 6 cycles of 5..10 (270) and 5+6+7+8 (26).</summary>
    public const int ParagraphsPerLanguage = 40;

    private static IEnumerable<(string Lang, string Path)> Files(string folder, string kind)
    {
        // files.tsv lists every file; a listed file that is missing throws rather than silently shrinking the set.
        foreach (var line in File.ReadAllLines(Path.Combine(folder, "files.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            if (cells[0] == kind)
            {
                yield return (cells[1], Path.Combine(folder, kind, cells[1] + ".txt"));
            }
        }
    }
}
