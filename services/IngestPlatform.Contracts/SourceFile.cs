namespace IngestPlatform.Contracts;

/// <summary>
/// The file as the watcher found it. Travels with every message so that each stage, and a
/// rejection at any stage, can name the file it came from.
/// </summary>
/// <param name="FileId">Identity of this pickup of the file (a new id each time a file is dropped).</param>
/// <param name="FileName">Name of the file in the inbox.</param>
/// <param name="RelativePath">Path relative to the inbox, with '/' separators.</param>
/// <param name="SizeBytes">Size in bytes when it was read.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the raw bytes.</param>
/// <param name="CreatedAt">File creation time reported by the file system (UTC).</param>
/// <param name="ModifiedAt">Last write time (UTC).</param>
/// <param name="DiscoveredAt">When the watcher took the file (UTC).</param>
public sealed record SourceFile(
    Guid FileId,
    string FileName,
    string RelativePath,
    long SizeBytes,
    string Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    DateTimeOffset DiscoveredAt);
