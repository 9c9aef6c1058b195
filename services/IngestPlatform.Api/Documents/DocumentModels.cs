using IngestPlatform.Api.Failures;

namespace IngestPlatform.Api.Documents;

/// <summary>A search hit. <see cref="Rank"/> is null when no query was given (newest first then).</summary>
internal sealed record DocumentHit(
    long Id, string Title, string Language, string Snippet, double? Rank, DateTimeOffset StoredAt, int SourceCount);

/// <summary>A document with everything storage knows of it.</summary>
internal sealed record DocumentDetail(
    long Id,
    string ContentSha256,
    string Title,
    string Text,
    int WordCount,
    string Encoding,
    string Language,
    double LanguageConfidence,
    string? LanguageRunnerUp,
    string SearchConfig,
    ArticleMetadataView Metadata,
    PipelineVersions Versions,
    DateTimeOffset NormalizedAt,
    DateTimeOffset LanguageDetectedAt,
    DateTimeOffset StoredAt,
    IReadOnlyList<LanguageSegmentView> LanguageSegments,
    IReadOnlyList<DocumentSourceView> Sources,
    IReadOnlyList<ReprocessingEvent>? History = null);

/// <summary>
/// One reprocessing run (the admin tool's <c>reprocess</c>, from <c>document_history</c>): the stage re-run, its
/// versions before and after, and what changed. <see cref="Action"/> is <c>updated</c>, or <c>merged</c> when document
/// <see cref="ReprocessedDocumentId"/>'s new text was this one's and it merged into it.
/// </summary>
internal sealed record ReprocessingEvent(
    DateTimeOffset At, string Stage, string Action, string FromVersion, string ToVersion, string Detail, long ReprocessedDocumentId);

/// <summary>A stretch of a mixed document in one language (offsets in UTF-16 code units of <c>text</c>); none when it is in one language.</summary>
internal sealed record LanguageSegmentView(int Start, int Length, string Language, double Confidence);

internal sealed record ArticleMetadataView(
    string? PublicationDate, string? SourceUrl, string? Outlet, string? Copyright, IReadOnlyList<string> PhotoCredits);

internal sealed record PipelineVersions(string Normalizer, string Detector);

/// <summary>One file that delivered the document, with its way through the pipeline and any failure on the way.</summary>
internal sealed record DocumentSourceView(
    long Id,
    Guid FileId,
    string FileName,
    string RelativePath,
    long SizeBytes,
    string RawSha256,
    string Encoding,
    DateTimeOffset FileCreatedAt,
    DateTimeOffset FileModifiedAt,
    Guid? MessageId,
    IReadOnlyList<StageEvent> History,
    IReadOnlyList<FailureView> Failures,
    double? EncodingConfidence = null,
    IReadOnlyList<EncodingCandidateView>? EncodingCandidates = null);

/// <summary>An encoding the normalizer weighed when its choice was close, with its share of the evidence (0-1).</summary>
internal sealed record EncodingCandidateView(string Encoding, double Score);

/// <summary>A stage the file went through: <c>discovered</c>, <c>normalized</c>, <c>language-detected</c>, <c>stored</c>.</summary>
internal sealed record StageEvent(string Stage, DateTimeOffset At, string? Version);
