using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;

namespace IngestPlatform.TestSupport;

/// <summary>
/// The pipeline's messages as tests and benchmarks build them by hand: one builder each, so a contract change is made
/// here once. Hashes are computed as the watcher (raw bytes) and the normalizer (text in UTF-8) compute them; the rest
/// are plain defaults, changed with <c>with</c>. A document made by the real normalizer is mapped with the normalizer's
/// own <c>DocumentNormalizedMapping</c> instead.
/// </summary>
public static class Messages
{
    /// <summary>A file as the watcher found it, <paramref name="at"/> (default now) for every time it has.</summary>
    public static SourceFile SourceFile(string relativePath, byte[] raw, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var when = at ?? DateTimeOffset.UtcNow;
        return new SourceFile(Guid.NewGuid(), Path.GetFileName(relativePath), relativePath, raw.LongLength, Sha256(raw), when, when, when);
    }

    /// <summary>What the watcher publishes for a file small enough to travel inline.</summary>
    public static FileDiscovered FileDiscovered(string relativePath, byte[] content, DateTimeOffset? at = null) =>
        new(SourceFile(relativePath, content, at), content);

    /// <summary>
    /// A plain UTF-8 text as the normalizer publishes it: the file held <paramref name="originalText"/> (default the text
    /// itself), the title is the first line, the words are the runs between white space, no metadata.
    /// </summary>
    public static DocumentNormalized DocumentNormalized(
        string text, string relativePath = "test.txt", string? originalText = null, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var when = at ?? DateTimeOffset.UtcNow;
        var original = originalText ?? text;
        return new DocumentNormalized(
            SourceFile(relativePath, Encoding.UTF8.GetBytes(original), when),
            "utf-8",
            text.Split('\n')[0],
            text,
            original,
            Sha256(Encoding.UTF8.GetBytes(text)),
            new ArticleMetadata(null, null, null, null, []),
            text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
            new StageStamp("normalizer test", when));
    }

    /// <summary>What the language detector publishes for <paramref name="document"/>: one language, no segments.</summary>
    public static LanguageDetected LanguageDetected(
        DocumentNormalized document, string language = "fr", double confidence = 0.99, string? runnerUp = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new LanguageDetected(document, language, confidence, runnerUp, new StageStamp("language-detector test", document.Stage.At), []);
    }

    /// <summary>Lower-case hex SHA-256, as every hash of the pipeline is written.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
