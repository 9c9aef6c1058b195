using IngestPlatform.Contracts;
using Npgsql;

namespace IngestPlatform.Storage.Data;

/// <summary>Writes <c>ingest_failures</c> rows; once per file pickup and stage, however often the news is redelivered.</summary>
public sealed class FailureRecorder(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        INSERT INTO ingest_failures
            (file_id, stage, kind, reason, source_file_name, source_path, source_size_bytes, raw_sha256, message_id, rejected_at, recorded_at, failed_path)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11)
        ON CONFLICT (file_id, stage) DO NOTHING
        """;

    /// <summary>
    /// Records one failure. <paramref name="source"/> may be missing when the message itself was malformed
    /// (often the very reason it failed); the row is then keyed by the message id and says so.
    /// </summary>
    public Task RecordAsync(
        SourceFile? source, string stage, string kind, string reason, Guid? messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        RecordAsync(source, stage, kind, reason, messageId, at, failedPath: null, cancellationToken);

    /// <summary>The same, with where the watcher moved the refused file (<see cref="IngestFailure.FailedPath"/>).</summary>
    public async Task RecordAsync(
        SourceFile? source, string stage, string kind, string reason, Guid? messageId, DateTimeOffset at, string? failedPath,
        CancellationToken cancellationToken)
    {
        source ??= new SourceFile(messageId ?? Guid.NewGuid(), "(unknown)", "(message without a source file)", 0, "", at, at, at);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = source.FileId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stage });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.FileName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.RelativePath });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = source.SizeBytes });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.RawSha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)messageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failedPath ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
