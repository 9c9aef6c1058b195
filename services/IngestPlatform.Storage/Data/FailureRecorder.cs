using IngestPlatform.Contracts;
using Npgsql;

namespace IngestPlatform.Storage.Data;

/// <summary>One failure to record: what failed, where, and why.</summary>
/// <param name="Source">The file; missing when the message itself was malformed (often the very reason it failed).</param>
/// <param name="Stage">One of <see cref="Contracts.Vocabulary.Stages.All"/>.</param>
/// <param name="Kind">One of <see cref="Contracts.Vocabulary.FailureKinds.All"/>.</param>
/// <param name="Reason">Words for a person.</param>
/// <param name="MessageId">The bus message that was refused or faulted, when there was one.</param>
/// <param name="At">When the stage refused or failed.</param>
public sealed record FailureReport(SourceFile? Source, string Stage, string Kind, string Reason, Guid? MessageId, DateTimeOffset At)
{
    /// <summary>For a rejection, its code (<see cref="RefusalReasons"/>); null for a fault.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Where the watcher moved a refused file (<see cref="IngestFailure.FailedPath"/>).</summary>
    public string? FailedPath { get; init; }
}

/// <summary>Writes <c>ingest_failures</c> rows; once per file pickup and stage, however often the news is redelivered.</summary>
public sealed class FailureRecorder(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        INSERT INTO ingest_failures
            (file_id, stage, kind, reason, reason_code, source_file_name, source_path, source_size_bytes, raw_sha256, message_id,
             rejected_at, recorded_at, failed_path)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12)
        ON CONFLICT (file_id, stage) DO NOTHING
        """;

    /// <summary>Records one failure; a report without a source file is keyed by its message id and says so.</summary>
    public async Task RecordAsync(FailureReport failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var source = failure.Source
            ?? new SourceFile(failure.MessageId ?? Guid.NewGuid(), "(unknown)", "(message without a source file)", 0, "", failure.At, failure.At, failure.At);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = source.FileId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Stage });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Reason });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failure.ReasonCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.FileName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.RelativePath });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = source.SizeBytes });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.RawSha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failure.MessageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = failure.At.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)failure.FailedPath ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
