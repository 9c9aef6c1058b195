using System.Globalization;
using System.Text;
using IngestPlatform.LanguageDetector.Detection;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// One engine's answers on one set of corpus items, per language: right, <c>und</c> for text of 200+ characters in a
/// supported language, and the wrong answers. Shared by the accuracy tests and the benchmark, so both print the
/// same per-language tables.
/// </summary>
public sealed class ScoreSheet
{
    /// <summary>Supported-language text at least this long should never come back <c>und</c> (issue 14).</summary>
    public const int LongText = 200;

    private readonly SortedDictionary<string, Line> _lines = new(StringComparer.Ordinal);

    public int Right { get; private set; }

    public int Total { get; private set; }

    /// <summary>Items of 200+ characters in a supported language, and how many of them came back <c>und</c>.</summary>
    public int LongSupported { get; private set; }

    public int LongUndetermined { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Right / Total;

    public double LongUndeterminedShare => LongSupported == 0 ? 0 : (double)LongUndetermined / LongSupported;

    public IReadOnlyDictionary<string, Line> Languages => _lines;

    /// <summary>Scores every item (in parallel: identifiers are thread-safe), expecting its code or <c>und</c> outside the set.</summary>
    public static ScoreSheet Of(IReadOnlyList<CorpusItem> items, Func<string, LanguageGuess> identify, int threads = 1)
    {
        var guesses = new LanguageGuess[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => guesses[i] = identify(items[i].Text));
        var sheet = new ScoreSheet();
        for (var i = 0; i < items.Count; i++)
        {
            sheet.Add(items[i], guesses[i]);
        }

        return sheet;
    }

    private void Add(CorpusItem item, LanguageGuess guess)
    {
        var expected = item.LinguaSupported ? item.Lang : LanguageGuess.Undetermined;
        if (!_lines.TryGetValue(item.Lang, out var line))
        {
            _lines[item.Lang] = line = new Line(item.Language);
        }

        Total++;
        line.Total++;
        if (guess.Language == expected)
        {
            Right++;
            line.Right++;
        }
        else
        {
            line.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{item.File}->{guess.Language} ({guess.Confidence:0.00}, 2nd {guess.RunnerUp ?? "-"})"));
        }

        if (item.LinguaSupported && item.Text.Length >= LongText)
        {
            LongSupported++;
            var undetermined = guess.Language == LanguageGuess.Undetermined;
            LongUndetermined += undetermined ? 1 : 0;
            line.LongUndetermined += undetermined ? 1 : 0;
        }
    }

    public static string Percent(int right, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{100.0 * right / Math.Max(1, total):0.0}% ({right}/{total})");

    /// <summary>A markdown table: one row per language, one column per engine, the difference, the first wrong answers.</summary>
    public static string SideBySide(IReadOnlyList<(string Engine, ScoreSheet Sheet)> sheets, int errorsShown = 3)
    {
        var text = new StringBuilder();
        text.AppendLine("| language | " + string.Join(" | ", sheets.Select(s => s.Engine)) + (sheets.Count == 2 ? " | difference (points)" : "") + " | first wrong answers (" + sheets[0].Engine + ") |");
        text.AppendLine("| --- | " + string.Join(" | ", sheets.Select(_ => "---")) + (sheets.Count == 2 ? " | ---" : "") + " | --- |");
        text.AppendLine("| **all** | " + string.Join(" | ", sheets.Select(s => "**" + Percent(s.Sheet.Right, s.Sheet.Total) + "**"))
            + (sheets.Count == 2 ? string.Create(CultureInfo.InvariantCulture, $" | {100.0 * (sheets[0].Sheet.Accuracy - sheets[1].Sheet.Accuracy):+0.0;-0.0;0.0}") : "") + " | |");
        foreach (var (code, line) in sheets[0].Sheet.Languages)
        {
            var cells = sheets.Select(s => s.Sheet.Languages.TryGetValue(code, out var l) ? l : new Line(line.Name)).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {code} {(line.Name == code ? "" : line.Name)} | ");
            text.Append(string.Join(" | ", cells.Select(l => Percent(l.Right, l.Total))));
            if (sheets.Count == 2)
            {
                text.Append(CultureInfo.InvariantCulture, $" | {100.0 * (cells[0].Accuracy - cells[1].Accuracy):+0.0;-0.0;0.0}");
            }

            text.AppendLine(" | " + string.Join("; ", line.Errors.Take(errorsShown)) + (line.Errors.Count > errorsShown ? "; ..." : "") + " |");
        }

        return text.ToString();
    }

    public sealed class Line(string name)
    {
        public string Name { get; } = name;

        public int Right { get; set; }

        public int Total { get; set; }

        public int LongUndetermined { get; set; }

        public List<string> Errors { get; } = [];

        public double Accuracy => Total == 0 ? 0 : (double)Right / Total;
    }
}
