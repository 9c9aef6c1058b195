using Npgsql;

namespace IngestPlatform.Api.Failures;

/// <summary>A row of <c>ingest_failures</c>: a file some stage refused (<c>rejected</c>) or gave up on (<c>fault</c>).</summary>
internal sealed record FailureView(
    long Id,
    Guid FileId,
    string Stage,
    string Kind,
    string Reason,
    string? ReasonCode,
    string SourceFileName,
    string SourcePath,
    long SourceSizeBytes,
    string RawSha256,
    Guid? MessageId,
    DateTimeOffset RejectedAt,
    DateTimeOffset RecordedAt,
    string? FailedPath = null);

/// <summary>What <c>GET /failures</c> was asked for, validated.</summary>
internal sealed record FailureSearch(string? Stage, string? Kind, TimeRange RejectedAt, Paging Paging, string? Text = null, string? Reason = null);

/// <summary>Reads <c>ingest_failures</c>; never writes.</summary>
internal sealed class FailureQueries(NpgsqlDataSource dataSource)
{
    public const string Columns =
        "id, file_id, stage, kind, reason, reason_code, source_file_name, source_path, source_size_bytes, raw_sha256, message_id, rejected_at, recorded_at, failed_path";

    public static FailureView Read(NpgsqlDataReader reader) => new(
        reader.Get<long>("id"),
        reader.Get<Guid>("file_id"),
        reader.Get<string>("stage"),
        reader.Get<string>("kind"),
        reader.Get<string>("reason"),
        reader.GetTextOrNull("reason_code"),
        reader.Get<string>("source_file_name"),
        reader.Get<string>("source_path"),
        reader.Get<long>("source_size_bytes"),
        reader.Get<string>("raw_sha256"),
        reader.GetOrNull<Guid>("message_id"),
        reader.Get<DateTimeOffset>("rejected_at"),
        reader.Get<DateTimeOffset>("recorded_at"),
        reader.GetTextOrNull("failed_path"));

    /// <summary>Newest first (by when the stage refused the file), on the <c>rejected_at</c> index.</summary>
    public async Task<PagedResult<FailureView>> SearchAsync(FailureSearch search, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        if (search.Stage is { } stage)
        {
            conditions.Add("stage = @stage");
            parameters.Add(("stage", stage));
        }

        if (search.Kind is { } kind)
        {
            conditions.Add("kind = @kind");
            parameters.Add(("kind", kind));
        }

        if (search.Reason is { } reason)
        {
            conditions.Add("reason_code = @reason");
            parameters.Add(("reason", reason));
        }

        if (search.RejectedAt.From is { } from)
        {
            conditions.Add("rejected_at >= @from");
            parameters.Add(("from", from.ToUniversalTime()));
        }

        if (search.RejectedAt.Before is { } before)
        {
            conditions.Add("rejected_at < @before");
            parameters.Add(("before", before.ToUniversalTime()));
        }

        if (search.Text is { } text)
        {
            // A substring of the file's path or of the reason, as typed in the dashboard's filter box.
            conditions.Add("(strpos(lower(source_path), lower(@text)) > 0 OR strpos(lower(reason), lower(@text)) > 0)");
            parameters.Add(("text", text));
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM ingest_failures {where}");
        var page = new NpgsqlBatchCommand(
            $"SELECT {Columns} FROM ingest_failures {where} ORDER BY rejected_at DESC, id DESC LIMIT @limit OFFSET @offset");
        foreach (var (name, value) in parameters)
        {
            count.Parameters.Add(new NpgsqlParameter(name, value));
            page.Parameters.Add(new NpgsqlParameter(name, value));
        }

        page.Parameters.Add(new NpgsqlParameter<int>("limit", search.Paging.PageSize));
        page.Parameters.Add(new NpgsqlParameter<long>("offset", search.Paging.Offset));
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<FailureView>(search.Paging.PageSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new PagedResult<FailureView>(items, search.Paging.Page, search.Paging.PageSize, total);
    }
}
