namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Recognises common non-text formats by their leading bytes, so an image or an archive dropped
/// in the inbox is refused by name instead of being "decoded" into mojibake.
/// </summary>
internal static class BinarySignatures
{
    private static readonly (byte[] Magic, int Offset, string Format)[] Signatures =
    [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "PNG image"),
        ([0xFF, 0xD8, 0xFF], 0, "JPEG image"),
        ("GIF87a"u8.ToArray(), 0, "GIF image"),
        ("GIF89a"u8.ToArray(), 0, "GIF image"),
        ("%PDF-"u8.ToArray(), 0, "PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "ZIP archive (or an Office document)"),
        ([0x50, 0x4B, 0x05, 0x06], 0, "ZIP archive (empty)"),
        ([0x1F, 0x8B], 0, "gzip archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], 0, "7-Zip archive"),
        ("Rar!"u8.ToArray(), 0, "RAR archive"),
        ("BZh91AY&SY"u8.ToArray(), 0, "bzip2 archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], 0, "xz archive"),
        ([0x7F, 0x45, 0x4C, 0x46], 0, "ELF executable"),
        ("OggS"u8.ToArray(), 0, "Ogg media"),
        ("ftyp"u8.ToArray(), 4, "MP4/QuickTime media"),
        ("WEBP"u8.ToArray(), 8, "WebP image"),
        ("WAVE"u8.ToArray(), 8, "WAV audio"),
        ("SQLite format 3\0"u8.ToArray(), 0, "SQLite database"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "legacy Office document"),
    ];

    /// <summary>The name of the format the content starts like, or null when it matches none.</summary>
    public static string? Identify(ReadOnlySpan<byte> content)
    {
        foreach (var (magic, offset, format) in Signatures)
        {
            if (content.Length >= offset + magic.Length && content.Slice(offset, magic.Length).SequenceEqual(magic))
            {
                return format;
            }
        }

        // "MZ" alone could start a text; a Windows executable also has NULs in its header.
        if (content.StartsWith("MZ"u8) && content[..Math.Min(content.Length, 64)].Contains((byte)0))
        {
            return "Windows executable";
        }

        return null;
    }
}
