using System.Globalization;
using System.Text;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.Normalizer.Text;
using Microsoft.Extensions.Options;

// Decoding and language identification on Debian's translated man pages, text that set no threshold: each file is
// decoded blind, its text compared with the UTF-8 original, then identified by the detector at its defaults.
// Build the set first: python3 bench/IngestPlatform.ManPages.Bench/build-corpus.py /tmp/manpages
// Run: dotnet run -c Release --project bench/IngestPlatform.ManPages.Bench -- /tmp/manpages
if (args is not [var directory])
{
    Console.Error.WriteLine("usage: IngestPlatform.ManPages.Bench <directory built by build-corpus.py>");
    return 2;
}

var normalizer = new TextNormalizer();
var detector = new NgramLanguageIdentifier(Options.Create(new LanguageDetectionOptions()));
var rows = new SortedDictionary<string, (int Files, int Decoded, int Identified)>(StringComparer.Ordinal);
var misses = new List<string>();
foreach (var line in File.ReadLines(Path.Combine(directory, "manifest.tsv")))
{
    var (name, language, encoding) = line.Split('\t') is [var n, var l, var e, ..] ? (n, l, e) : throw new FormatException(line);
    var expected = File.ReadAllText(Path.Combine(directory, "files", name + ".utf8"));
    var result = normalizer.Normalize(File.ReadAllBytes(Path.Combine(directory, "files", name)));
    var row = rows.GetValueOrDefault(language);
    row.Files++;
    if (result.Document is not { } document)
    {
        misses.Add($"{name}: refused ({result.RejectionReason})");
        rows[language] = row;
        continue;
    }

    // The normalizer keeps the decoded text as OriginalText; whitespace is what the man page renderer left.
    var decodedRight = Words(document.OriginalText) == Words(expected);
    row.Decoded += decodedRight ? 1 : 0;
    if (!decodedRight)
    {
        misses.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: decoded as {document.Encoding} ({document.EncodingConfidence:F2})"));
    }

    var guess = detector.Identify(document.Text);
    var want = language == "pt_BR" ? "pt" : language;
    row.Identified += guess.Language == want ? 1 : 0;
    if (guess.Language != want)
    {
        misses.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: language {guess.Language} ({guess.Confidence:F2}, runner-up {guess.RunnerUp}), not {want}"));
    }

    rows[language] = row;
}

Console.WriteLine($"Debian man pages ({directory}), .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| language | files | decoded exactly | language right |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var (language, row) in rows)
{
    Console.WriteLine($"| {language} | {row.Files} | {row.Decoded} | {row.Identified} |");
}

var total = (Files: rows.Values.Sum(r => r.Files), Decoded: rows.Values.Sum(r => r.Decoded), Identified: rows.Values.Sum(r => r.Identified));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| **all** | {total.Files} | {total.Decoded} ({100.0 * total.Decoded / total.Files:F1}%) | {total.Identified} ({100.0 * total.Identified / total.Files:F1}%) |"));
Console.WriteLine();
misses.ForEach(m => Console.WriteLine($"- {m}"));
return 0;

static string Words(string text) =>
    string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize(NormalizationForm.FormC);
