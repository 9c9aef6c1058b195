namespace IngestPlatform.Contracts;

/// <summary>
/// Published by any stage that refuses a file for a reason a person can act on (undecodable,
/// binary, empty...). Storage records it in <c>ingest_failures</c>, so a rejected file is never
/// silently gone.
/// </summary>
/// <param name="Source">The file that was refused.</param>
/// <param name="Stage">The stage that refused it: <c>watcher</c>, <c>normalizer</c>, <c>language-detector</c>, <c>storage</c>.</param>
/// <param name="Reason">Why, in words for a person.</param>
/// <param name="RejectedAt">When (UTC).</param>
/// <param name="FailedPath">
/// Where the watcher moved the refused file (its <c>failed/</c> folder, beside the <c>.error.json</c> sidecar); null
/// for the other stages, whose files are already in <c>processed/</c>. Trailing and optional so messages from an
/// older watcher still deserialize.
/// </param>
/// <param name="ReasonCode">
/// <paramref name="Reason"/> as one of <see cref="RefusalReasons"/>, for grouping; null in messages from a stage older
/// than the codes. Trailing and optional for the same reason as <paramref name="FailedPath"/>.
/// </param>
public sealed record DocumentRejected(
    SourceFile Source,
    string Stage,
    string Reason,
    DateTimeOffset RejectedAt,
    string? FailedPath = null,
    string? ReasonCode = null);
