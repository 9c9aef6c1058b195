using IngestPlatform.Contracts;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer;

/// <summary>
/// The one place a <see cref="NormalizedDocument"/> becomes the <see cref="DocumentNormalized"/> message: the consumer,
/// the tests and the benchmarks all build it here, so a contract change is made once. Pure: both texts inline; moving a
/// large one to the payload store is the consumer's step.
/// </summary>
public static class DocumentNormalizedMapping
{
    /// <param name="source">The file as the watcher found it; its <see cref="SourceFile.RawSha256"/> is the watcher's, not hashed again.</param>
    /// <param name="document">What the normalizer made of the file's bytes.</param>
    /// <param name="stage">Which normalizer build produced it, and when.</param>
    /// <param name="reprocess">Passed on from the <see cref="FileDiscovered"/> the admin tool's <c>reprocess</c> sent; null otherwise.</param>
    public static DocumentNormalized From(SourceFile source, NormalizedDocument document, StageStamp stage, Reprocessing? reprocess = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var metadata = document.Metadata;
        return new DocumentNormalized(
            source,
            document.Encoding,
            document.Title,
            document.Text,
            document.OriginalText,
            document.NormalizedSha256,
            new ArticleMetadata(metadata.PublicationDate, metadata.SourceUrl, metadata.Outlet, metadata.Copyright, metadata.PhotoCredits),
            document.WordCount,
            stage,
            EncodingConfidence: document.EncodingConfidence,
            EncodingCandidates: document.EncodingCandidates is { Count: > 0 } candidates
                ? [.. candidates.Select(c => new EncodingCandidate(c.Encoding, c.Score))]
                : null,
            Reprocess: reprocess);
    }
}
