namespace IngestPlatform.Contracts;

/// <summary>
/// Which build of a stage handled a message, and when. Stored with the document, so rows produced by
/// an older normalizer or detector can be found and re-processed after an upgrade.
/// </summary>
/// <param name="Version">The stage and its version, e.g. <c>normalizer 0.4.0</c> or <c>language-detector 0.4.0 (fast)</c>.</param>
/// <param name="At">When the stage finished (UTC).</param>
public sealed record StageStamp(string Version, DateTimeOffset At);
