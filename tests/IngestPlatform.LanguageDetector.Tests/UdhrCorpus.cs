namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>One text of the shared UDHR corpus with its expected language.</summary>
public sealed record CorpusItem(string File, string Lang, string Language, bool LinguaSupported, string Text);

/// <summary>
/// The shared corpus (<c>../shared/corpus/udhr</c>, see its README) split the way its README says to score
/// language identification: clean documents (status within ok, mislabelled, truncated) and clean snippets
/// (status ok), with the languages Lingua supports expected by code and the others expected as <c>und</c>.
/// Also compiled into the benchmark, so both measure the same items.
/// </summary>
public static class UdhrCorpus
{
    /// <summary>Items of each set in the corpus as shipped; tests guard their reads with these (SharedCorpus.Expect).</summary>
    public const int SupportedDocuments = 75;
    public const int SupportedSnippets = 207;
    public const int UnsupportedDocuments = 39;
    public const int UnsupportedSnippets = 109;

    private static readonly HashSet<string> CleanDocumentFlags = new(["ok", "mislabelled", "truncated"], StringComparer.Ordinal);

    /// <param name="folder">The corpus's <c>udhr</c> folder (<c>SharedCorpus.Require("udhr")</c>).</param>
    public static IReadOnlyList<CorpusItem> Documents(string folder, bool linguaSupported) =>
        Read(folder, "documents.tsv", "reference_utf8", linguaSupported,
            status => status.Split(';').All(CleanDocumentFlags.Contains));

    public static IReadOnlyList<CorpusItem> Snippets(string folder, bool linguaSupported) =>
        Read(folder, "snippets.tsv", "snippets", linguaSupported, status => status == "ok");

    /// <summary>
    /// The languages the fast engine's global out-of-set constants (<c>MaximumSurprise</c>, the cost cap) were
    /// chosen on: every other code, in ordinal order, of all clean documents and snippets, in and out of the
    /// set. The other half is held out, so its figures show what the choice does on languages it never saw.
    /// </summary>
    public static IReadOnlySet<string> CalibrationLanguages(string folder) =>
        Documents(folder, true).Concat(Documents(folder, false)).Concat(Snippets(folder, true)).Concat(Snippets(folder, false))
            .Select(i => i.Lang)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Where((_, i) => i % 2 == 0)
            .ToHashSet(StringComparer.Ordinal);

    private static List<CorpusItem> Read(
        string folder, string table, string textFolder, bool linguaSupported, Func<string, bool> clean)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, table));
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name);
        int file = Column("file"), lang = Column("lang"), language = Column("language"),
            supported = Column("lingua_supported"), status = Column("status");
        var items = new List<CorpusItem>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split('\t');
            var path = Path.Combine(folder, textFolder, cells[file]);
            if ((cells[supported] == "yes") != linguaSupported || !clean(cells[status]))
            {
                continue;
            }

            // reference_utf8 holds the verified decoding of every clean document: a missing one is a broken corpus,
            // never a smaller set (File.ReadAllText throws), so an empty read cannot pass a gate as 0 of 0.

            items.Add(new CorpusItem(cells[file], cells[lang], cells[language], linguaSupported, File.ReadAllText(path)));
        }

        return items;
    }
}
