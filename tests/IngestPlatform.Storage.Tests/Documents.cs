using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

/// <summary>The messages storage receives, built with <see cref="Messages"/>.</summary>
internal static class Documents
{
    /// <summary>A detected document whose file held <paramref name="rawText"/> (default the text itself) in UTF-8.</summary>
    public static LanguageDetected Detected(string text, string relativePath, string language = "fr", string? rawText = null) =>
        Messages.LanguageDetected(Messages.DocumentNormalized(text, relativePath, rawText), language);

    /// <summary>The same message as a redelivery or a re-publish after a watcher crash: same file, new pickup id.</summary>
    public static LanguageDetected Republished(LanguageDetected message) =>
        message with { Document = message.Document with { Source = message.Document.Source with { FileId = Guid.NewGuid() } } };
}
