using System.Text.Json.Serialization;

namespace IngestPlatform.Contracts;

/// <summary>
/// The file as the watcher found it. Travels with every message so that each stage, and a
/// rejection at any stage, can name the file it came from.
/// </summary>
/// <param name="FileId">Identity of this pickup of the file (a new id each time a file is dropped).</param>
/// <param name="FileName">Name of the file in the inbox.</param>
/// <param name="RelativePath">Path relative to the inbox, with '/' separators.</param>
/// <param name="SizeBytes">Size in bytes when it was read.</param>
/// <param name="RawSha256">
/// Lower-case hex SHA-256 of the raw bytes, computed once by the watcher (stored as <c>raw_sha256</c>). Travels as
/// <c>sha256</c>, the name it had before: messages already queued, and dead letters replayed later, keep their hash.
/// </param>
/// <param name="CreatedAt">File creation time reported by the file system (UTC).</param>
/// <param name="ModifiedAt">Last write time (UTC).</param>
/// <param name="DiscoveredAt">When the watcher took the file (UTC).</param>
public sealed record SourceFile(
    Guid FileId,
    string FileName,
    string RelativePath,
    long SizeBytes,
    [property: JsonPropertyName("sha256")] string RawSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    DateTimeOffset DiscoveredAt);
