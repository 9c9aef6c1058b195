using System.Text;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// An ISO-8859 part that .NET's <c>CodePagesEncodingProvider</c> lacks (-10 Nordic, -14 Celtic, -16 South-Eastern
/// European), from the published mapping tables (unicode.org MAPPINGS/ISO8859/8859-N.TXT). Bytes 0x00-0x9F map to
/// the same code points as in every ISO-8859 part; the tables hold the 96 upper positions 0xA0-0xFF, all defined.
/// Decoding never fails; encoding a character the part lacks gives '?' (or throws with an exception fallback).
/// </summary>
public sealed class Iso8859Encoding : Encoding
{
    public static readonly Iso8859Encoding Latin6Nordic = new(10, 28600, [
        '\u00A0', '\u0104', '\u0112', '\u0122', '\u012A', '\u0128', '\u0136', '\u00A7', '\u013B', '\u0110', '\u0160', '\u0166', '\u017D', '\u00AD', '\u016A', '\u014A', // 0xA0-0xAF
        '\u00B0', '\u0105', '\u0113', '\u0123', '\u012B', '\u0129', '\u0137', '\u00B7', '\u013C', '\u0111', '\u0161', '\u0167', '\u017E', '\u2015', '\u016B', '\u014B', // 0xB0-0xBF
        '\u0100', '\u00C1', '\u00C2', '\u00C3', '\u00C4', '\u00C5', '\u00C6', '\u012E', '\u010C', '\u00C9', '\u0118', '\u00CB', '\u0116', '\u00CD', '\u00CE', '\u00CF', // 0xC0-0xCF
        '\u00D0', '\u0145', '\u014C', '\u00D3', '\u00D4', '\u00D5', '\u00D6', '\u0168', '\u00D8', '\u0172', '\u00DA', '\u00DB', '\u00DC', '\u00DD', '\u00DE', '\u00DF', // 0xD0-0xDF
        '\u0101', '\u00E1', '\u00E2', '\u00E3', '\u00E4', '\u00E5', '\u00E6', '\u012F', '\u010D', '\u00E9', '\u0119', '\u00EB', '\u0117', '\u00ED', '\u00EE', '\u00EF', // 0xE0-0xEF
        '\u00F0', '\u0146', '\u014D', '\u00F3', '\u00F4', '\u00F5', '\u00F6', '\u0169', '\u00F8', '\u0173', '\u00FA', '\u00FB', '\u00FC', '\u00FD', '\u00FE', '\u0138', // 0xF0-0xFF
    ]);

    public static readonly Iso8859Encoding Latin8Celtic = new(14, 28604, [
        '\u00A0', '\u1E02', '\u1E03', '\u00A3', '\u010A', '\u010B', '\u1E0A', '\u00A7', '\u1E80', '\u00A9', '\u1E82', '\u1E0B', '\u1EF2', '\u00AD', '\u00AE', '\u0178', // 0xA0-0xAF
        '\u1E1E', '\u1E1F', '\u0120', '\u0121', '\u1E40', '\u1E41', '\u00B6', '\u1E56', '\u1E81', '\u1E57', '\u1E83', '\u1E60', '\u1EF3', '\u1E84', '\u1E85', '\u1E61', // 0xB0-0xBF
        '\u00C0', '\u00C1', '\u00C2', '\u00C3', '\u00C4', '\u00C5', '\u00C6', '\u00C7', '\u00C8', '\u00C9', '\u00CA', '\u00CB', '\u00CC', '\u00CD', '\u00CE', '\u00CF', // 0xC0-0xCF
        '\u0174', '\u00D1', '\u00D2', '\u00D3', '\u00D4', '\u00D5', '\u00D6', '\u1E6A', '\u00D8', '\u00D9', '\u00DA', '\u00DB', '\u00DC', '\u00DD', '\u0176', '\u00DF', // 0xD0-0xDF
        '\u00E0', '\u00E1', '\u00E2', '\u00E3', '\u00E4', '\u00E5', '\u00E6', '\u00E7', '\u00E8', '\u00E9', '\u00EA', '\u00EB', '\u00EC', '\u00ED', '\u00EE', '\u00EF', // 0xE0-0xEF
        '\u0175', '\u00F1', '\u00F2', '\u00F3', '\u00F4', '\u00F5', '\u00F6', '\u1E6B', '\u00F8', '\u00F9', '\u00FA', '\u00FB', '\u00FC', '\u00FD', '\u0177', '\u00FF', // 0xF0-0xFF
    ]);

    public static readonly Iso8859Encoding Latin10SouthEastern = new(16, 28606, [
        '\u00A0', '\u0104', '\u0105', '\u0141', '\u20AC', '\u201E', '\u0160', '\u00A7', '\u0161', '\u00A9', '\u0218', '\u00AB', '\u0179', '\u00AD', '\u017A', '\u017B', // 0xA0-0xAF
        '\u00B0', '\u00B1', '\u010C', '\u0142', '\u017D', '\u201D', '\u00B6', '\u00B7', '\u017E', '\u010D', '\u0219', '\u00BB', '\u0152', '\u0153', '\u0178', '\u017C', // 0xB0-0xBF
        '\u00C0', '\u00C1', '\u00C2', '\u0102', '\u00C4', '\u0106', '\u00C6', '\u00C7', '\u00C8', '\u00C9', '\u00CA', '\u00CB', '\u00CC', '\u00CD', '\u00CE', '\u00CF', // 0xC0-0xCF
        '\u0110', '\u0143', '\u00D2', '\u00D3', '\u00D4', '\u0150', '\u00D6', '\u015A', '\u0170', '\u00D9', '\u00DA', '\u00DB', '\u00DC', '\u0118', '\u021A', '\u00DF', // 0xD0-0xDF
        '\u00E0', '\u00E1', '\u00E2', '\u0103', '\u00E4', '\u0107', '\u00E6', '\u00E7', '\u00E8', '\u00E9', '\u00EA', '\u00EB', '\u00EC', '\u00ED', '\u00EE', '\u00EF', // 0xE0-0xEF
        '\u0111', '\u0144', '\u00F2', '\u00F3', '\u00F4', '\u0151', '\u00F6', '\u015B', '\u0171', '\u00F9', '\u00FA', '\u00FB', '\u00FC', '\u0119', '\u021B', '\u00FF', // 0xF0-0xFF
    ]);

    private readonly char[] _upper;
    private readonly Dictionary<char, byte> _reverse;
    private readonly string _name;

    private Iso8859Encoding(int part, int codePage, char[] upper)
        : base(codePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback)
    {
        _upper = upper;
        _name = $"iso-8859-{part}";
        _reverse = new Dictionary<char, byte>(upper.Length);
        for (var i = 0; i < upper.Length; i++)
        {
            _reverse[upper[i]] = (byte)(0xA0 + i);
        }
    }

    /// <summary>The three parts, by their WHATWG-style name.</summary>
    public static IReadOnlyList<Iso8859Encoding> All => [Latin6Nordic, Latin8Celtic, Latin10SouthEastern];

    public override string WebName => _name;

    public override string EncodingName => _name.ToUpperInvariant();

    public override bool IsSingleByte => true;

    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        ArgumentNullException.ThrowIfNull(chars);
        ArgumentNullException.ThrowIfNull(bytes);
        for (var i = 0; i < charCount; i++)
        {
            var c = chars[charIndex + i];
            if (c < 0xA0)
            {
                bytes[byteIndex + i] = (byte)c;
            }
            else if (_reverse.TryGetValue(c, out var b))
            {
                bytes[byteIndex + i] = b;
            }
            else if (EncoderFallback is EncoderExceptionFallback)
            {
                throw new EncoderFallbackException($"{_name} has no byte for U+{(int)c:X4}.");
            }
            else
            {
                bytes[byteIndex + i] = (byte)'?';
            }
        }

        return charCount;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(chars);
        for (var i = 0; i < byteCount; i++)
        {
            var b = bytes[byteIndex + i];
            chars[charIndex + i] = b < 0xA0 ? (char)b : _upper[b - 0xA0];
        }

        return byteCount;
    }

    public override int GetMaxByteCount(int charCount) => charCount;

    public override int GetMaxCharCount(int byteCount) => byteCount;

    /// <summary>Whether <paramref name="c"/> has a byte in this part.</summary>
    public bool CanEncode(char c) => c < 0xA0 || _reverse.ContainsKey(c);
}
