namespace IngestPlatform.Contracts;

/// <summary>
/// Published by the watcher once a file in the inbox is complete and read. A small file's raw bytes travel
/// inside the message; a larger one's (over <c>Payloads:InlineLimit</c>) wait in the payload store and the
/// message carries their claim check, so a message stays small whatever the file size.
/// </summary>
/// <param name="Source">The file.</param>
/// <param name="Content">The raw bytes of the file; empty when <paramref name="ContentPayload"/> is set.</param>
/// <param name="ContentPayload">Where the raw bytes are when they did not travel inline; null otherwise.</param>
/// <param name="Reprocess">
/// Set when the admin tool's <c>reprocess --stage normalizer</c> sent this for a stored document (the content is then
/// its stored decoded text in UTF-8: raw bytes are not kept); the normalizer passes it on. Trailing and optional.
/// </param>
public sealed record FileDiscovered(SourceFile Source, byte[] Content, PayloadReference? ContentPayload = null, Reprocessing? Reprocess = null);
