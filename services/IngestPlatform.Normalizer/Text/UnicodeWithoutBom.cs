namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Recognises UTF-16 and UTF-32 written without a byte-order mark. Not by NUL bytes alone: all-CJK UTF-16 has
/// almost none. The sign is an asymmetry between the bytes at even and odd offsets: the high byte of each UTF-16
/// unit takes few values (0x00 for Latin text, 0x30 for kana, 0x4E-0x9F for Han, 0xAC-0xD7 for Hangul) while the
/// low byte takes almost any; an 8-bit text has the same statistics at both offsets. The order with the few-valued
/// high byte must then decode strictly to characters of common scripts.
/// </summary>
internal static class UnicodeWithoutBom
{
    // Bits of entropy between the two byte positions. Latin UTF-16 shows ~4, all-Han ~1, a short Hangul paragraph
    // ~0.8 (the low byte's entropy is capped by the sample size), 8-bit text < 0.3. Set from these examples; the
    // strict decode and the share of common characters below are what keep 8-bit text out.
    private const double MinimumAsymmetry = 0.5;
    private const double MinimumTextShare = 0.95;
    private const int MinimumBytes = 16;

    /// <summary><c>utf-16le</c>, <c>utf-16be</c>, <c>utf-32le</c>, <c>utf-32be</c>, or null.</summary>
    public static string? Detect(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < MinimumBytes)
        {
            return null;
        }

        if (DetectUtf32(sample) is { } utf32)
        {
            return utf32;
        }

        var even = Entropy(sample, 0, 2);
        var odd = Entropy(sample, 1, 2);
        if (Math.Abs(even - odd) < MinimumAsymmetry)
        {
            return null;
        }

        // The high byte is the few-valued one: at odd offsets in little-endian, at even offsets in big-endian.
        var bigEndian = even < odd;
        return TextShare(sample, bigEndian) >= MinimumTextShare ? (bigEndian ? "utf-16be" : "utf-16le") : null;
    }

    private static string? DetectUtf32(ReadOnlySpan<byte> sample)
    {
        var units = sample.Length / 4;
        int little = 0, big = 0;
        for (var i = 0; i < units; i++)
        {
            var u = sample.Slice(i * 4, 4);
            if (u[3] == 0 && u[2] <= 0x10 && (u[0] | u[1] | u[2]) != 0)
            {
                little++;
            }

            if (u[0] == 0 && u[1] <= 0x10 && (u[1] | u[2] | u[3]) != 0)
            {
                big++;
            }
        }

        return little == units ? "utf-32le" : big == units ? "utf-32be" : null;
    }

    private static double Entropy(ReadOnlySpan<byte> sample, int start, int step)
    {
        Span<int> counts = stackalloc int[256];
        var total = 0;
        for (var i = start; i < sample.Length; i += step)
        {
            counts[sample[i]]++;
            total++;
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Share of the code units that are characters of common scripts, white space or punctuation.</summary>
    private static double TextShare(ReadOnlySpan<byte> sample, bool bigEndian)
    {
        var units = sample.Length / 2;
        var good = 0;
        for (var i = 0; i < units; i++)
        {
            var unit = bigEndian ? (sample[2 * i] << 8) | sample[(2 * i) + 1] : sample[2 * i] | (sample[(2 * i) + 1] << 8);
            if (IsCommon(unit))
            {
                good++;
            }
            else if (unit is >= 0xD800 and <= 0xDBFF && i + 1 < units)
            {
                // A surrogate pair (rare Han, emoji) counts when well formed.
                var next = bigEndian ? (sample[(2 * i) + 2] << 8) | sample[(2 * i) + 3] : sample[(2 * i) + 2] | (sample[(2 * i) + 3] << 8);
                if (next is >= 0xDC00 and <= 0xDFFF)
                {
                    good += 2;
                    i++;
                }
            }
        }

        return (double)good / Math.Max(1, units);
    }

    private static bool IsCommon(int unit) => unit switch
    {
        0x09 or 0x0A or 0x0D => true,
        >= 0x20 and <= 0x7E => true,
        >= 0xA0 and <= 0x024F => true, // Latin-1, Latin Extended
        >= 0x0370 and <= 0x052F => true, // Greek, Cyrillic
        >= 0x0590 and <= 0x06FF => true, // Hebrew, Arabic
        >= 0x0900 and <= 0x0DFF => true, // Indic
        >= 0x0E00 and <= 0x0E7F => true, // Thai
        >= 0x10A0 and <= 0x10FF => true, // Georgian
        >= 0x1E00 and <= 0x1EFF => true, // Latin Extended Additional (Vietnamese)
        >= 0x2010 and <= 0x2027 => true, // dashes, quotes, ellipsis
        >= 0x3000 and <= 0x30FF => true, // CJK punctuation, kana
        >= 0x4E00 and <= 0x9FFF => true, // Han
        >= 0xAC00 and <= 0xD7A3 => true, // Hangul
        >= 0xFF01 and <= 0xFF9F => true, // full-width forms
        _ => false,
    };
}
