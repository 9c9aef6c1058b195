using System.Text;
using System.Text.RegularExpressions;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Turns the raw bytes of a dropped file into clean text and a title. Pure: no I/O, no bus,
/// safe to share between threads.
/// </summary>
public sealed partial class TextNormalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public NormalizationResult Normalize(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return NormalizationResult.Rejected("The file is empty.");
        }

        if (LooksBinary(content))
        {
            return NormalizationResult.Rejected("The file is binary (NUL bytes), not text.");
        }

        string encodingName;
        string decoded;
        try
        {
            (encodingName, decoded) = Decode(content);
        }
        catch (DecoderFallbackException)
        {
            return NormalizationResult.Rejected("The file is not valid UTF-8 and has no byte-order mark naming another encoding.");
        }

        var text = Clean(decoded);
        if (text.Length == 0)
        {
            return NormalizationResult.Rejected("The file holds only white space.");
        }

        return NormalizationResult.Success(new NormalizedDocument(encodingName, ExtractTitle(text), text, decoded));
    }

    private static bool LooksBinary(ReadOnlySpan<byte> content)
    {
        // UTF-16/32 text has NULs too, but starts with a BOM; anything else with NULs is not text.
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return false;
        }

        return content[..Math.Min(content.Length, 8192)].Contains((byte)0);
    }

    private static (string Encoding, string Text) Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return ("utf-8", StrictUtf8.GetString(content[3..]));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return ("utf-32", new UTF32Encoding(false, false, true).GetString(content[4..]));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return ("utf-32BE", new UTF32Encoding(true, false, true).GetString(content[4..]));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return ("utf-16", new UnicodeEncoding(false, false, true).GetString(content[2..]));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return ("utf-16BE", new UnicodeEncoding(true, false, true).GetString(content[2..]));
        }

        return ("utf-8", StrictUtf8.GetString(content));
    }

    /// <summary>NFC, no control characters but tabs and newlines, one kind of line end, single spaces, at most one blank line.</summary>
    private static string Clean(string decoded)
    {
        var text = decoded.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n');
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        text = HorizontalSpaceRun().Replace(sb.ToString(), " ");
        text = SpaceAroundNewline().Replace(text, "\n");
        text = BlankLineRun().Replace(text, "\n\n");
        return text.Trim();
    }

    /// <summary>
    /// The first line that reads like a headline: not the scraper's <c>date</c> header, not an
    /// all-capitals photo credit, not a sentence, and of headline length.
    /// </summary>
    private static string ExtractTitle(string text)
    {
        string? fallback = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || DateHeader().IsMatch(line))
            {
                continue;
            }

            fallback ??= line;
            var isHeadlineLength = line.Length is >= 15 and <= 200;
            var isCredit = line.ToUpperInvariant() == line;
            var isSentence = line.EndsWith('.') || line.EndsWith(':');
            if (isHeadlineLength && !isCredit && !isSentence)
            {
                return line;
            }
        }

        var title = fallback ?? text;
        return title.Length <= 200 ? title : title[..200].TrimEnd() + "…";
    }

    [GeneratedRegex(@"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")]
    private static partial Regex HorizontalSpaceRun();

    [GeneratedRegex(@" *\n *")]
    private static partial Regex SpaceAroundNewline();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLineRun();

    [GeneratedRegex(@"^date \d{4}-\d{2}\b")]
    private static partial Regex DateHeader();
}
