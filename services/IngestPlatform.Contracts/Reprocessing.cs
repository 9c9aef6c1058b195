namespace IngestPlatform.Contracts;

/// <summary>
/// Marks a message the admin tool's <c>reprocess</c> sent for a document already stored: storage then updates that
/// document instead of inserting (its <c>ON CONFLICT DO NOTHING</c> would keep the old result), and records the run
/// in the document's history.
/// </summary>
/// <param name="DocumentId">The stored document being re-run.</param>
/// <param name="Stage">The stage re-run: <c>normalizer</c> or <c>language-detector</c>.</param>
/// <param name="RunId">One id per <c>reprocess</c> invocation: a redelivered message records the run once.</param>
/// <param name="RequestedAt">When the run started (UTC).</param>
public sealed record Reprocessing(long DocumentId, string Stage, Guid RunId, DateTimeOffset RequestedAt);
