using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Finds the encoding of a file and decodes it: byte-order mark, then strict UTF-8, then a
/// statistical detector (UTF.Unknown) whose guesses among single-byte code pages are re-ranked by
/// <see cref="DecodingPlausibility"/>. Never returns mojibake knowingly: what cannot be decoded with
/// confidence is rejected with the reason. Stateless and thread-safe.
/// </summary>
public static class TextDecoder
{
    // Enough bytes for the detector and the plausibility score to settle; detecting on a 50 MB file
    // would cost seconds for no better answer.
    private const int SampleBytes = 256 * 1024;
    private const double MinimumPlausibility = 0.2;
    private const double DetectorWeight = 0.05;

    // Single-byte code pages still met in the wild (web, Windows, Unix). DOS and Mac pages are left out:
    // the detector proposes them for ordinary Latin text far more often than anyone sends them.
    private static readonly string[] SingleByteCandidates =
    [
        "windows-1252", "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255",
        "windows-1256", "windows-1257", "windows-1258", "windows-874", "iso-8859-2", "iso-8859-4", "iso-8859-5",
        "iso-8859-7", "iso-8859-9", "iso-8859-13", "iso-8859-15", "koi8-r", "koi8-u",
    ];

    private static readonly FrozenSet<string> MultiByteOrStateful = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "shift_jis", "shift-jis", "euc-jp", "iso-2022-jp", "iso-2022-kr", "iso-2022-cn", "hz-gb-2312", "gb2312", "gbk",
        "gb18030", "big5", "euc-kr", "euc-tw", "x-euc-tw", "utf-16le", "utf-16be", "utf-32le", "utf-32be");

    private static readonly ConcurrentDictionary<string, Encoding> Encodings = new(StringComparer.OrdinalIgnoreCase);

    static TextDecoder()
    {
        // Legacy code pages are not in .NET by default; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static DecodingResult Decode(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return Reject("The file is empty.");
        }

        if (DecodeWithByteOrderMark(content) is { } withBom)
        {
            return withBom;
        }

        if (BinarySignatures.Identify(content) is { } format)
        {
            return Reject($"The file is binary ({format}), not text.");
        }

        var sample = content[..Math.Min(content.Length, SampleBytes)];
        if (LooksBinary(sample) is { } binaryReason)
        {
            return Reject(binaryReason);
        }

        var utf8 = TryUtf8(content);
        if (utf8 is not null)
        {
            return utf8;
        }

        return DetectLegacy(content, sample);
    }

    private static DecodingResult? DecodeWithByteOrderMark(ReadOnlySpan<byte> content)
    {
        // UTF-32 LE before UTF-16 LE: its mark starts with the same two bytes.
        (string Name, int Length)? bom = content switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ("utf-8", 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => ("utf-32le", 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => ("utf-32be", 4),
            [0xFF, 0xFE, ..] => ("utf-16le", 2),
            [0xFE, 0xFF, ..] => ("utf-16be", 2),
            _ => null,
        };
        if (bom is not { } mark)
        {
            return null;
        }

        var encoding = StrictEncoding(mark.Name);
        return TryDecode(encoding, content[mark.Length..], out var text, out var badOffset)
            ? Accept(mark.Name, 1.0, text)
            : Reject($"The file starts with a {mark.Name} byte-order mark but holds invalid {mark.Name} at byte {badOffset + mark.Length}.");
    }

    private static string? LooksBinary(ReadOnlySpan<byte> sample)
    {
        var nul = sample.Count((byte)0);
        if (nul * 100 > sample.Length)
        {
            return $"The file is binary: {nul} of its first {sample.Length} bytes are NUL, which text never holds.";
        }

        // ESC stays allowed: ISO-2022 encodings switch character sets with it.
        var controls = 0;
        foreach (var b in sample)
        {
            if (b is < 0x09 or (> 0x0D and < 0x20) && b != 0x1B)
            {
                controls++;
            }
        }

        return controls * 20 > sample.Length
            ? $"The file is binary: {controls} of its first {sample.Length} bytes are control characters."
            : null;
    }

    private static DecodingResult? TryUtf8(ReadOnlySpan<byte> content)
    {
        var firstNonAscii = Ascii.IsValid(content) ? -1 : content.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (firstNonAscii < 0)
        {
            // Pure 7-bit: UTF-8 unless it carries the escapes of ISO-2022 or HZ, which the detector knows.
            return content.Contains((byte)0x1B) || content.IndexOf("~{"u8) >= 0 ? null : Accept("utf-8", 1.0, Encoding.ASCII.GetString(content));
        }

        if (TryDecode(StrictEncoding("utf-8"), content, out var text, out var badOffset))
        {
            return Accept("utf-8", 1.0, text);
        }

        // Many well-formed multi-byte sequences and a few bad ones is damaged UTF-8, not a legacy code page:
        // decoding it as windows-1252 would turn every accent into mojibake.
        var (valid, invalid) = CountUtf8Sequences(content[..Math.Min(content.Length, SampleBytes)]);
        return valid > 0 && valid >= invalid
            ? Reject($"The file is UTF-8 ({valid} valid multi-byte sequences) but has an invalid UTF-8 sequence at byte {badOffset}.")
            : null;
    }

    private static (int Valid, int Invalid) CountUtf8Sequences(ReadOnlySpan<byte> sample)
    {
        int valid = 0, invalid = 0;
        var i = 0;
        while (i < sample.Length)
        {
            if (sample[i] < 0x80)
            {
                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf8(sample[i..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                valid++;
            }
            else if (status == OperationStatus.InvalidData)
            {
                invalid++;
            }

            i += Math.Max(consumed, 1);
        }

        return (valid, invalid);
    }

    private static DecodingResult DetectLegacy(ReadOnlySpan<byte> content, ReadOnlySpan<byte> sample)
    {
        var detection = CharsetDetector.DetectFromBytes(sample.ToArray());
        var proposals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var detail in detection.Details)
        {
            if (CanonicalName(detail) is { } name)
            {
                proposals[name] = Math.Max(proposals.GetValueOrDefault(name), detail.Confidence);
            }
        }

        // Multi-byte and stateful encodings have strict grammars: when the detector is sure of one, it is right.
        foreach (var (name, confidence) in proposals.OrderByDescending(p => p.Value))
        {
            if (MultiByteOrStateful.Contains(name) && confidence >= 0.5 && TryDecode(StrictEncoding(name), content, out var text, out _))
            {
                return Accept(name, confidence, text);
            }
        }

        (string Name, double Score, double DetectorConfidence)? best = null;
        foreach (var name in SingleByteCandidates.Concat(proposals.Keys).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (MultiByteOrStateful.Contains(name) || !TryDecode(StrictEncoding(name), sample, out var candidate, out _))
            {
                continue;
            }

            var detectorConfidence = proposals.GetValueOrDefault(name);
            // The detector and how common a code page is break ties between decodings that read equally
            // well (ISO-8859-13 and windows-1252 both make Breton look fine; only one is likely).
            var score = DecodingPlausibility.Score(candidate) + (DetectorWeight * detectorConfidence) + Popularity(name);
            if (best is null || score > best.Value.Score)
            {
                best = (name, score, detectorConfidence);
            }
        }

        if (best is not { } chosen || chosen.Score < MinimumPlausibility)
        {
            return Reject("The file is not UTF-8 and no known encoding decodes it to plausible text.");
        }

        if (!TryDecode(StrictEncoding(chosen.Name), content, out var decoded, out var offset))
        {
            return Reject($"The file looks like {chosen.Name} but byte {offset} is undefined in it.");
        }

        var plausibility = Math.Clamp(chosen.Score - (DetectorWeight * chosen.DetectorConfidence) - Popularity(chosen.Name), 0, 1);
        return Accept(chosen.Name, Math.Round((plausibility + Math.Max(chosen.DetectorConfidence, plausibility)) / 2, 2), decoded);
    }

    private static double Popularity(string name) => name switch
    {
        "windows-1252" => 0.05,
        _ => 0,
    };

    private static string? CanonicalName(DetectionDetail detail)
    {
        if (detail.Encoding is null)
        {
            return null;
        }

        var name = detail.Encoding.WebName.ToLowerInvariant();
        return name switch
        {
            // Decoders treat ISO-8859-1 as windows-1252 (WHATWG); the C1 range is never text anyway.
            "iso-8859-1" or "us-ascii" => "windows-1252",
            "utf-16" => "utf-16le",
            "utf-16be" or "utf-32" or "utf-32be" => name == "utf-32" ? "utf-32le" : name,
            _ when name.StartsWith("ibm", StringComparison.Ordinal) || name.StartsWith("x-mac", StringComparison.Ordinal)
                || name.StartsWith("cp", StringComparison.Ordinal) => null,
            _ => name,
        };
    }

    /// <summary>
    /// Decodes strictly. A sequence cut off by the end of the input (a file truncated mid-character)
    /// is dropped, not reported: everything before it is sound.
    /// </summary>
    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes, out string text, out long badOffset)
    {
        var decoder = encoding.GetDecoder();
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, encoding.GetMaxCharCount(bytes.Length)));
        try
        {
            var written = decoder.GetChars(bytes, chars, flush: false);
            text = new string(chars, 0, written);
            badOffset = -1;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            text = string.Empty;
            badOffset = e.Index;
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Encoding StrictEncoding(string name) => Encodings.GetOrAdd(
        name,
        n => n switch
        {
            "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            "utf-32le" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
            "utf-32be" => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
            _ => Encoding.GetEncoding(n, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback),
        });

    private static DecodingResult Accept(string encoding, double confidence, string text) => new(new DecodedText(encoding, confidence, text), null);

    private static DecodingResult Reject(string reason) => new(null, reason);
}
