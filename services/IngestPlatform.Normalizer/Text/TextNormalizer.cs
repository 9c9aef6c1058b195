using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Turns the raw bytes of a dropped file into clean text, a title and the article's metadata.
/// Pure: no I/O, no bus, no state, so one instance is safely shared between concurrent consumers.
/// Never throws on bad bytes: anything that is not text comes back as a rejection with its reason.
/// </summary>
public sealed class TextNormalizer
{
    public NormalizationResult Normalize(ReadOnlySpan<byte> content)
    {
        var decoding = TextDecoder.Decode(content);
        if (decoding.Decoded is not { } decoded)
        {
            return NormalizationResult.Rejected(decoding.RejectionCode!, decoding.RejectionReason!);
        }

        var unicode = UnicodeCleaner.Clean(decoded.Text);
        if (unicode.Length == 0)
        {
            return NormalizationResult.Rejected(RefusalReasons.NoText, "The file holds only white space.");
        }

        var (withoutBoilerplate, title, metadata) = NewsCleaner.Clean(unicode);
        if (withoutBoilerplate.Length == 0)
        {
            return NormalizationResult.Rejected(RefusalReasons.NoText, "The file holds nothing but boilerplate (headers, navigation, copyright).");
        }

        var text = GlueRepair.Repair(withoutBoilerplate);
        return NormalizationResult.Success(new NormalizedDocument(decoded.Encoding, title, text, decoded.Text)
        {
            EncodingConfidence = decoded.Confidence,
            EncodingCandidates = decoded.Candidates,
            Metadata = metadata,
            NormalizedSha256 = Sha256OfUtf8(text),
            WordCount = CountWords(text),
        });
    }

    private static string Sha256OfUtf8(string text)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[4096];
        var chars = text.AsSpan();
        // Chunked so a 50 MB text is hashed without a second 50 MB copy; chunks end on whole surrogate pairs.
        while (!chars.IsEmpty)
        {
            var take = Math.Min(chars.Length, 1024);
            if (take < chars.Length && char.IsHighSurrogate(chars[take - 1]))
            {
                take--;
            }

            var written = Encoding.UTF8.GetBytes(chars[..take], buffer);
            hash.AppendData(buffer[..written]);
            chars = chars[take..];
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Runs of characters between white space that hold at least one letter or digit.</summary>
    private static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord && char.IsLetterOrDigit(c))
            {
                inWord = true;
                words++;
            }
        }

        return words;
    }
}
