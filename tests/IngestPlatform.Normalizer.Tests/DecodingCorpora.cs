using System.Globalization;
using System.Text;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>One file to decode blind, and the text it must give.</summary>
/// <param name="Label">The encoding the file is known to be in (the answer key, never shown to the decoder).</param>
/// <param name="Expected">The right text, or null when no decoder available to .NET can produce it.</param>
public sealed record DecodingItem(string Id, string Label, string Language, byte[] Bytes, string? Expected);

/// <summary>One decoded item: right when the decoder's text equals the expected one (NFC on both sides).</summary>
public sealed record DecodingOutcome(DecodingItem Item, bool Right, string Answer);

/// <summary>
/// The three decoding corpora: UDHR (the tuning corpus), chardet's test files and the stand-in for unseen prose
/// (sentences of Lingua's test data encoded into every legacy code page that can write their language). Shared by
/// the tests and the benchmark (linked into bench/IngestPlatform.Normalizer.Bench) so both print the same tables.
/// </summary>
public static class DecodingCorpora
{
    /// <summary>UDHR files with a standard code page and a UTF-8 reference.</summary>
    public const int UdhrItems = 139;

    /// <summary>Every file of chardet's test suite.</summary>
    public const int ChardetItems = 425;

    /// <summary>Stand-in documents: language-encoding pairs times <see cref="DocumentsPerPair"/>.</summary>
    public const int ProseItems = 556;

    public const int DocumentsPerPair = 4;

    // A document is sentences in a row until it holds this many characters: the size of a short encyclopedia excerpt.
    private const int ProseCharacters = 500;

    static DecodingCorpora()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// The stand-in's language-encoding pairs: each legacy encoding that can write the language, as the issue's
    /// unseen set had them (Russian in DOS, KOI8, Mac and ISO pages; Japanese in UTF-16 without a mark...).
    /// </summary>
    public static readonly (string Language, string[] Encodings)[] ProsePairs =
    [
        ("ru", ["ibm866", "ibm855", "koi8-r", "x-mac-cyrillic", "windows-1251", "iso-8859-5", "utf-16le", "utf-16be"]),
        ("uk", ["koi8-u", "windows-1251", "ibm855", "x-mac-cyrillic"]),
        ("be", ["windows-1251", "ibm855"]),
        ("bg", ["windows-1251", "iso-8859-5", "ibm866", "x-mac-cyrillic"]),
        ("mk", ["windows-1251", "iso-8859-5"]),
        ("sr", ["windows-1251", "iso-8859-5"]),
        ("cs", ["ibm852", "x-mac-ce", "windows-1250", "iso-8859-2"]),
        ("sk", ["ibm852", "x-mac-ce", "windows-1250", "iso-8859-2"]),
        ("pl", ["ibm852", "x-mac-ce", "windows-1250", "iso-8859-2", "iso-8859-16"]),
        ("hu", ["ibm852", "windows-1250", "iso-8859-2", "iso-8859-16"]),
        ("hr", ["iso-8859-16", "ibm852", "windows-1250", "iso-8859-2"]),
        ("sl", ["windows-1250", "iso-8859-2", "ibm852"]),
        ("ro", ["iso-8859-16", "windows-1250"]),
        ("lv", ["iso-8859-10", "iso-8859-13", "ibm775", "windows-1257", "iso-8859-4"]),
        ("lt", ["iso-8859-13", "ibm775", "windows-1257", "iso-8859-4", "iso-8859-10"]),
        ("et", ["iso-8859-15", "windows-1257", "iso-8859-13"]),
        ("fi", ["windows-1252", "ibm850", "macintosh", "iso-8859-10"]),
        ("sv", ["windows-1252", "ibm850", "macintosh", "iso-8859-10"]),
        ("da", ["windows-1252", "ibm865", "iso-8859-10"]),
        ("nb", ["windows-1252", "ibm865", "macintosh"]),
        ("is", ["windows-1252", "ibm861", "iso-8859-10"]),
        ("de", ["windows-1252", "ibm437", "ibm850", "macintosh", "iso-8859-15"]),
        ("fr", ["windows-1252", "ibm850", "ibm863", "macintosh", "iso-8859-15"]),
        ("es", ["windows-1252", "ibm437", "ibm850", "macintosh"]),
        ("pt", ["windows-1252", "ibm860", "ibm850", "macintosh"]),
        ("it", ["windows-1252", "ibm850", "macintosh"]),
        ("ca", ["windows-1252", "ibm850"]),
        ("nl", ["windows-1252", "macintosh"]),
        ("cy", ["iso-8859-14"]),
        ("ga", ["iso-8859-14", "windows-1252"]),
        ("eo", ["iso-8859-3"]),
        ("tr", ["windows-1254", "iso-8859-9", "ibm857"]),
        ("el", ["ibm737", "ibm869", "windows-1253", "iso-8859-7", "x-mac-greek", "utf-16le"]),
        ("he", ["windows-1255", "iso-8859-8", "ibm862"]),
        ("ar", ["windows-1256", "iso-8859-6"]),
        ("fa", ["windows-1256"]),
        ("ur", ["windows-1256"]),
        ("th", ["windows-874"]),
        ("vi", ["windows-1258"]),
        ("ja", ["shift_jis", "euc-jp", "iso-2022-jp", "utf-16le", "utf-16be"]),
        ("ko", ["euc-kr", "iso-2022-kr", "johab", "utf-16le", "utf-16be"]),
        ("zh", ["gb18030", "hz-gb-2312", "utf-16le", "utf-16be", "utf-32le"]),
    ];

    public static IReadOnlyList<DecodingItem> Udhr(string folder)
    {
        var items = new List<DecodingItem>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "documents.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            var (file, language, encoding) = (columns[0], columns[1], columns[3]);
            var reference = Path.Combine(folder, "reference_utf8", file);
            if (encoding.StartsWith("x-", StringComparison.Ordinal) || !IsDotNetEncoding(encoding) || !File.Exists(reference))
            {
                continue;
            }

            // ReadAllText drops the references' own byte-order mark, as the decoder drops the files'.
            items.Add(new DecodingItem(file, encoding, language, File.ReadAllBytes(Path.Combine(folder, "documents", file)), File.ReadAllText(reference, Encoding.UTF8)));
        }

        return items;
    }

    public static IReadOnlyList<DecodingItem> Chardet(string folder)
    {
        var items = new List<DecodingItem>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "manifest.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            var (file, label, language) = (columns[0], columns[1], columns[2]);
            var bytes = File.ReadAllBytes(Path.Combine(folder, "files", file));
            items.Add(new DecodingItem(file, label, language, bytes, Reference(label, bytes)));
        }

        return items;
    }

    /// <summary>
    /// The stand-in for unseen prose. Sentences that the encoding cannot write are skipped, so each document is
    /// the language as that code page carries it. Deterministic: document k of a pair starts at sentence 60 × k.
    /// </summary>
    public static IReadOnlyList<DecodingItem> Prose(string linguaTestData)
    {
        var items = new List<DecodingItem>();
        foreach (var (language, encodings) in ProsePairs)
        {
            var sentences = File.ReadAllLines(Path.Combine(linguaTestData, "sentences", language + ".txt"), Encoding.UTF8);
            foreach (var name in encodings)
            {
                var encoding = Writer(name);
                for (var k = 0; k < DocumentsPerPair; k++)
                {
                    var text = new StringBuilder();
                    for (var s = 0; s < sentences.Length && text.Length < ProseCharacters; s++)
                    {
                        var sentence = sentences[((60 * k) + s) % sentences.Length].Normalize(NormalizationForm.FormC);
                        if (TryEncode(encoding, sentence, out _))
                        {
                            text.Append(sentence).Append(' ');
                        }
                    }

                    var expected = text.ToString().TrimEnd();
                    if (expected.Length >= ProseCharacters / 2 && TryEncode(encoding, expected, out var bytes))
                    {
                        items.Add(new DecodingItem($"{language}-{name}-{k}", name, language, bytes, expected));
                    }
                }
            }
        }

        return items;
    }

    /// <summary>Decodes every item blind with the normalizer's decoder.</summary>
    public static IReadOnlyList<DecodingOutcome> Decode(IEnumerable<DecodingItem> items) =>
        items.Select(item =>
        {
            var result = TextDecoder.Decode(item.Bytes);
            var right = item.Expected is not null && result.Decoded is { } decoded
                && string.Equals(decoded.Text.Normalize(NormalizationForm.FormC), item.Expected.Normalize(NormalizationForm.FormC), StringComparison.Ordinal);
            var answer = result.Decoded is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"{d.Encoding} ({d.Confidence:F2})")
                : $"refused: {result.RejectionReason}";
            return new DecodingOutcome(item, right, answer);
        }).ToList();

    /// <summary>A markdown table per encoding family and encoding, then the total and every miss.</summary>
    public static string Table(string corpus, IReadOnlyList<DecodingOutcome> outcomes, bool byEncoding = true)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {corpus}");
        text.AppendLine();
        text.AppendLine("| family | encoding | files | right | share |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var family in outcomes.GroupBy(o => Family(o.Item.Label)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (byEncoding)
            {
                foreach (var encoding in family.GroupBy(o => o.Item.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    text.AppendLine(Row(family.Key, encoding.Key, encoding.ToList()));
                }
            }

            text.AppendLine(Row($"**{family.Key}**", "all", family.ToList()));
        }

        text.AppendLine(Row("**all**", string.Empty, outcomes));
        text.AppendLine();
        foreach (var miss in outcomes.Where(o => !o.Right))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- missed {miss.Item.Id} ({miss.Item.Label}, {miss.Item.Language}): {miss.Answer}");
        }

        return text.ToString();
    }

    public static double Share(IReadOnlyList<DecodingOutcome> outcomes) => (double)outcomes.Count(o => o.Right) / Math.Max(1, outcomes.Count);

    public static string Family(string label) => label switch
    {
        "utf-8" or "utf-8-sig" or "ascii" or "utf-16" or "utf-16le" or "utf-16be" or "utf-32" or "utf-32le" or "utf-32be" => "Unicode",
        "windows-1252" or "iso-8859-1" or "iso-8859-15" or "macintosh" or "macroman" or "ibm437" or "ibm850" or "ibm860" or "ibm863" or "ibm865" or "ibm861" => "Western Latin",
        "windows-1250" or "iso-8859-2" or "ibm852" or "x-mac-ce" or "iso-8859-16" or "iso-8859-3" => "Central European Latin",
        "windows-1257" or "iso-8859-13" or "iso-8859-4" or "iso-8859-10" or "ibm775" or "iso-8859-14" => "Baltic, Nordic, Celtic Latin",
        "windows-1254" or "iso-8859-9" or "ibm857" => "Turkish",
        "windows-1251" or "iso-8859-5" or "koi8-r" or "koi8-u" or "ibm866" or "ibm855" or "x-mac-cyrillic" or "maccyrillic" => "Cyrillic",
        "windows-1253" or "iso-8859-7" or "ibm737" or "ibm869" or "x-mac-greek" => "Greek",
        "windows-1255" or "iso-8859-8" or "ibm862" or "windows-1256" or "iso-8859-6" => "Hebrew, Arabic",
        "windows-874" or "tis-620" or "windows-1258" => "Thai, Vietnamese",
        "shift_jis" or "cp932" or "euc-jp" or "iso-2022-jp" => "Japanese",
        "euc-kr" or "cp949" or "iso-2022-kr" or "johab" => "Korean",
        _ => "Chinese",
    };

    private static string Row(string family, string encoding, IReadOnlyList<DecodingOutcome> outcomes) =>
        string.Create(CultureInfo.InvariantCulture, $"| {family} | {encoding} | {outcomes.Count} | {outcomes.Count(o => o.Right)} | {Share(outcomes):P1} |");

    /// <summary>
    /// The text a chardet file holds per its folder's label, decoded by .NET (strictly: a file its label cannot
    /// decode has no reference). Names .NET spells otherwise are mapped; EUC-TW has no .NET decoder.
    /// </summary>
    private static string? Reference(string label, byte[] bytes)
    {
        var (name, bom) = label switch
        {
            "ascii" => ("utf-8", 0),
            "utf-8-sig" => ("utf-8", 3),
            "utf-16" => (bytes is [0xFE, 0xFF, ..] ? "utf-16be" : "utf-16le", 2),
            "utf-32" => (bytes is [0x00, 0x00, 0xFE, 0xFF, ..] ? "utf-32be" : "utf-32le", 4),
            "maccyrillic" => ("x-mac-cyrillic", 0),
            "macroman" => ("macintosh", 0),
            "tis-620" => ("windows-874", 0),
            "cp932" => ("shift_jis", 0),
            "cp949" or "euc-kr" => ("euc-kr", 0),
            "gb2312" => ("gb18030", 0),
            "iso-8859-1" => ("iso-8859-1", 0),
            "euc-tw" => (string.Empty, 0),
            _ => (label, 0),
        };
        if (name.Length == 0)
        {
            return null;
        }

        if (bom == 0 && name.StartsWith("utf-", StringComparison.Ordinal) && HasBom(bytes, out var length))
        {
            bom = length;
        }

        try
        {
            var encoding = name == "iso-8859-1"
                ? Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                : TextDecoder.GetEncoding(name);
            var decoder = encoding.GetDecoder();
            var span = bytes.AsSpan(bom);
            var chars = new char[encoding.GetMaxCharCount(span.Length)];
            return new string(chars, 0, decoder.GetChars(span, chars, flush: false));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool HasBom(byte[] bytes, out int length)
    {
        length = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => 3,
            [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..] => 4,
            [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => 2,
            _ => 0,
        };
        return length > 0;
    }

    private static Encoding Writer(string name) => name switch
    {
        "iso-8859-10" or "iso-8859-14" or "iso-8859-16" => TextDecoder.GetEncoding(name),
        "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        "utf-32le" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
        "euc-kr" => Encoding.GetEncoding(51949, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
    };

    private static bool TryEncode(Encoding encoding, string text, out byte[] bytes)
    {
        if (encoding is Iso8859Encoding table)
        {
            bytes = text.All(table.CanEncode) ? table.GetBytes(text) : [];
            return bytes.Length > 0 || text.Length == 0;
        }

        try
        {
            bytes = encoding.GetBytes(encoding.CodePage == 1258 ? ForWindows1258(text) : text);
            // Best-fit mappings ("ł" written as "l") would make a document its reference cannot match.
            return encoding.GetString(bytes).Normalize(NormalizationForm.FormC) == text;
        }
        catch (EncoderFallbackException)
        {
            bytes = [];
            return false;
        }
    }

    /// <summary>windows-1258 writes Vietnamese tones as combining marks after letters it has precomposed.</summary>
    private static string ForWindows1258(string text)
    {
        var encoding = Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var result = new StringBuilder();
        foreach (var c in text)
        {
            try
            {
                encoding.GetBytes(c.ToString());
                result.Append(c);
            }
            catch (EncoderFallbackException)
            {
                // Split off the tone (last combining mark) and keep the base composed: "ế" is "ê" + U+0301.
                var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                result.Append(decomposed[..^1].Normalize(NormalizationForm.FormC)).Append(decomposed[^1]);
            }
        }

        return result.ToString();
    }

    private static bool IsDotNetEncoding(string name)
    {
        try
        {
            _ = Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
