using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;

namespace IngestPlatform.Storage.Tests;

/// <summary>Builds the messages storage receives, with hashes computed the way the watcher and normalizer do.</summary>
internal static class Documents
{
    public static LanguageDetected Detected(string text, string relativePath, string language = "fr", string? rawText = null)
    {
        var raw = Encoding.UTF8.GetBytes(rawText ?? text);
        var now = DateTimeOffset.UtcNow;
        var source = new SourceFile(
            Guid.NewGuid(), Path.GetFileName(relativePath), relativePath, raw.Length, Sha256(raw), now, now, now);
        var title = text.Split('\n')[0];
        var normalized = new DocumentNormalized(
            source, "utf-8", title, text, rawText ?? text, Sha256(Encoding.UTF8.GetBytes(text)),
            new ArticleMetadata(null, null, null, null, []), text.Split(' ').Length, new StageStamp("normalizer test", now));
        return new LanguageDetected(normalized, language, 0.99, null, new StageStamp("language-detector test", now), []);
    }

    /// <summary>The same message as a redelivery or a re-publish after a watcher crash: same file, new pickup id.</summary>
    public static LanguageDetected Republished(LanguageDetected message) =>
        message with { Document = message.Document with { Source = message.Document.Source with { FileId = Guid.NewGuid() } } };

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
