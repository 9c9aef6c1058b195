using System.Text;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// The Universal Declaration of Human Rights in ~140 files and 20+ encodings (../shared/corpus/udhr).
/// The decoder is never told the encoding; the manifest's verified encoding and the UTF-8 references
/// are only the answer key.
/// </summary>
public class When_decoding_the_udhr_corpus(ITestOutputHelper output)
{
    private const double RequiredShare = 0.95;

    private static string Udhr => Path.Combine(RepositoryPaths.SharedCorpus, "udhr");

    [Fact]
    public void Should_decode_at_least_95_percent_exactly()
    {
        var normalizer = new TextNormalizer();
        var rows = new List<(string Family, string Encoding, string File, bool Exact, string Got)>();
        foreach (var line in File.ReadLines(Path.Combine(Udhr, "documents.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            var (file, encoding) = (columns[0], columns[3]);
            var reference = Path.Combine(Udhr, "reference_utf8", file);
            if (!IsStandardCodePage(encoding) || !File.Exists(reference))
            {
                continue;
            }

            // ReadAllText drops the references' own byte-order mark, as the decoder drops the files'.
            var expected = File.ReadAllText(reference, Encoding.UTF8);
            var result = normalizer.Normalize(File.ReadAllBytes(Path.Combine(Udhr, "documents", file)));
            var exact = result.Document?.OriginalText == expected;
            rows.Add((Family(encoding), encoding, file, exact, result.Document?.Encoding ?? $"rejected: {result.RejectionReason}"));
        }

        output.WriteLine("| family | documents | decoded exactly | share |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var family in rows.GroupBy(r => r.Family).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var exact = family.Count(r => r.Exact);
            output.WriteLine($"| {family.Key} | {family.Count()} | {exact} | {(double)exact / family.Count():P1} |");
        }

        var share = (double)rows.Count(r => r.Exact) / rows.Count;
        output.WriteLine($"| **all** | {rows.Count} | {rows.Count(r => r.Exact)} | {share:P1} |");
        foreach (var miss in rows.Where(r => !r.Exact))
        {
            output.WriteLine($"missed {miss.File}: verified {miss.Encoding}, decoded as {miss.Got}");
        }

        Assert.True(rows.Count > 100, $"only {rows.Count} documents found under {Udhr}");
        Assert.True(share >= RequiredShare, $"{share:P1} decoded exactly, below {RequiredShare:P0}");
    }

    private static bool IsStandardCodePage(string encoding)
    {
        if (encoding.StartsWith("x-", StringComparison.Ordinal))
        {
            return false;
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            _ = Encoding.GetEncoding(encoding);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Family(string encoding) => encoding switch
    {
        "utf-8" or "utf-16le" or "utf-16be" => "Unicode (UTF-8/16)",
        "iso-8859-1" or "windows-1252" or "iso-8859-15" => "Western (Latin-1, windows-1252)",
        "iso-8859-2" or "windows-1250" or "iso-8859-4" or "iso-8859-9" => "Central/Baltic/Turkish Latin",
        "windows-1251" or "iso-8859-5" or "koi8-r" => "Cyrillic",
        "iso-8859-7" or "iso-8859-8" or "windows-1256" => "Greek/Hebrew/Arabic",
        _ => "East Asian (GB, HZ, EUC-JP, Shift_JIS, ISO-2022-JP)",
    };
}
