namespace IngestPlatform.Contracts;

/// <summary>
/// A claim check: content too large to travel inside a message, kept in the payload store that every service
/// reaches (a shared folder or volume), content-addressed by its SHA-256. Keeps messages small whatever the file
/// size, so no broker or client message limit is ever approached and prefetched messages cost next to nothing.
/// </summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the stored bytes (UTF-8 for text): the payload's key.</param>
/// <param name="Length">Length of the stored bytes.</param>
public sealed record PayloadReference(string Sha256, long Length);
