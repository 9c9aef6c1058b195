namespace IngestPlatform.Contracts;

/// <summary>
/// Published by the watcher once a file in the inbox is complete and read. The raw bytes travel
/// inside the message (the watcher refuses files above its size limit), so no shared disk is
/// needed between the watcher and the normalizer.
/// </summary>
/// <param name="Source">The file.</param>
/// <param name="Content">The raw bytes of the file.</param>
public sealed record FileDiscovered(SourceFile Source, byte[] Content);
