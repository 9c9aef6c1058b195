using System.Text.Json;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using Npgsql;
using NpgsqlTypes;

namespace IngestPlatform.Storage.Data;

/// <summary>A detected document as it came off the bus, with the id of the message that carried it.</summary>
public sealed record IncomingDocument(LanguageDetected Message, Guid? MessageId)
{
    /// <summary>
    /// Why a message cannot be written at all (a part the schema requires is missing), or null. Messages
    /// come from other processes, possibly other versions: the compiler's nullability does not hold here.
    /// </summary>
    public static string? Problem(LanguageDetected? message) => message switch
    {
        null => "The message is empty.",
        { Document: null } => "The message has no document.",
        { Document.Source: null } => "The document has no source file.",
        { Document.Text: null } or { Document.Title: null } or { Document.OriginalText: null } => "The document has no text or title.",
        { Document.ContentSha256: null or "" } => "The document has no content hash.",
        { Document.Source.RawSha256: null } or { Document.Source.RelativePath: null } or { Document.Source.FileName: null } =>
            "The source file has no hash, path or name.",
        { Document.Metadata: null } or { Document.Metadata.PhotoCredits: null } or { Document.Stage: null } or { Stage: null } or { Language: null } or { Document.Encoding: null } =>
            "The message lacks its metadata, stage stamps, language or encoding.",
        _ => null,
    };
}

/// <summary>What became of one <see cref="IncomingDocument"/>: its document, or why PostgreSQL refused it.</summary>
public sealed record WriteOutcome(long? DocumentId, bool WasDuplicate, string? Refusal);

/// <summary>
/// Writes a batch of documents in one transaction: binary COPY into a temporary table, then set-based
/// <c>INSERT … ON CONFLICT DO NOTHING</c> into <c>documents</c> (unique on the normalized-content hash) and
/// <c>document_sources</c> (unique on raw hash + path). Running the same batch twice stores nothing
/// twice, which is what makes redelivery safe without an outbox.
/// </summary>
public sealed class DocumentBatchWriter(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The writer's own pool: connections not reset (<c>DISCARD ALL</c>) when they go back to it, so the session's
    /// <c>incoming</c> table survives from one batch to the next. Separate from the pool EF Core and the migrations use,
    /// whose session state (an advisory lock, say) must still be reset.
    /// </summary>
    public static string WriterConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    /// <summary>The rows as they come off the bus, flattened: what <see cref="CopyRowsAsync"/> writes.</summary>
    public const string RowColumns = """
        seq int, content_sha256 text, title text, text text, original_text text, encoding text, word_count int,
        publication_date text, source_url text, outlet text, copyright text, photo_credits text[],
        language text, language_confidence float8, language_runner_up text, language_segments jsonb, search_config text,
        normalizer_version text, detector_version text, normalized_at timestamptz, language_detected_at timestamptz,
        raw_sha256 text, relative_path text, file_name text, size_bytes bigint,
        file_created_at timestamptz, file_modified_at timestamptz, file_id uuid, message_id uuid, discovered_at timestamptz,
        encoding_confidence float8, encoding_candidates jsonb
        """;

    // Kept for the session and emptied at each commit, not created and dropped by every batch: a table of 32 columns
    // writes and deletes some 40 catalog rows, a fixed cost per batch that made the small batches of a quiet pipeline
    // dear. Needs a connection that is not reset when it goes back to the pool (WriterConnectionString).
    private const string CreateIncoming = $"CREATE TEMP TABLE IF NOT EXISTS incoming ({RowColumns}) ON COMMIT DELETE ROWS";

    // The column names of RowColumns, in its order: one list to keep in step with the writes below.
    private static readonly string CopyColumns =
        string.Join(", ", RowColumns.Split(',').Select(column => column.Trim().Split(' ')[0]));

    // The first delivery of a content in the batch wins; ordered by key so that two replicas writing
    // overlapping batches take row locks in the same order and cannot deadlock each other.
    private const string InsertDocuments = """
        INSERT INTO documents (
            content_sha256, title, text, original_text, encoding, word_count,
            publication_date, source_url, outlet, copyright, photo_credits,
            language, language_confidence, language_runner_up, language_segments, search_config,
            normalizer_version, detector_version, normalized_at, language_detected_at, stored_at)
        SELECT DISTINCT ON (content_sha256)
            content_sha256, title, text, original_text, encoding, word_count,
            publication_date, source_url, outlet, copyright, photo_credits,
            language, language_confidence, language_runner_up, language_segments, search_config,
            normalizer_version, detector_version, normalized_at, language_detected_at, now()
        FROM incoming
        ORDER BY content_sha256, seq
        ON CONFLICT (content_sha256) DO NOTHING
        RETURNING content_sha256
        """;

    private const string InsertSources = """
        INSERT INTO document_sources (
            document_id, raw_sha256, relative_path, file_name, size_bytes, file_created_at, file_modified_at,
            file_id, message_id, encoding, encoding_confidence, encoding_candidates, normalizer_version, detector_version,
            discovered_at, normalized_at, language_detected_at, stored_at)
        SELECT DISTINCT ON (i.raw_sha256, i.relative_path)
            d.id, i.raw_sha256, i.relative_path, i.file_name, i.size_bytes, i.file_created_at, i.file_modified_at,
            i.file_id, i.message_id, i.encoding, i.encoding_confidence, i.encoding_candidates, i.normalizer_version, i.detector_version,
            i.discovered_at, i.normalized_at, i.language_detected_at, now()
        FROM incoming i JOIN documents d ON d.content_sha256 = i.content_sha256
        ORDER BY i.raw_sha256, i.relative_path, i.seq
        ON CONFLICT (raw_sha256, relative_path) DO NOTHING
        """;

    private const string SelectDocumentIds = """
        SELECT i.seq, d.id FROM incoming i JOIN documents d ON d.content_sha256 = i.content_sha256
        """;

    /// <summary>
    /// Writes the batch and returns one outcome per input, in order. When PostgreSQL refuses the data of
    /// some row (a NUL character, a value too long...), the batch is written again row by row so the good
    /// rows are stored and each bad one comes back with the refusal. Anything else (connection lost,
    /// deadlock, server restart) propagates, so the caller's retry runs the whole batch again.
    /// </summary>
    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<IncomingDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return [];
        }

        try
        {
            return await WriteInOneTransactionAsync(documents, cancellationToken);
        }
        catch (PostgresException e) when (IsRefusedData(e) && documents.Count > 1)
        {
            var outcomes = new List<WriteOutcome>(documents.Count);
            foreach (var document in documents)
            {
                outcomes.Add(await WriteAloneAsync(document, cancellationToken));
            }

            return outcomes;
        }
        catch (PostgresException e) when (IsRefusedData(e))
        {
            return [Refused(e)];
        }
    }

    private async Task<WriteOutcome> WriteAloneAsync(IncomingDocument document, CancellationToken cancellationToken)
    {
        try
        {
            return (await WriteInOneTransactionAsync([document], cancellationToken))[0];
        }
        catch (PostgresException e) when (IsRefusedData(e))
        {
            return Refused(e);
        }
    }

    private static WriteOutcome Refused(PostgresException e) =>
        new(null, false, $"PostgreSQL refused the document: {e.MessageText} (SQLSTATE {e.SqlState})");

    /// <summary>Data exceptions (22), integrity violations (23) and program limits (54): the row, not the server, is at fault.</summary>
    private static bool IsRefusedData(PostgresException e) => e.SqlState[..2] is "22" or "23" or "54";

    private async Task<IReadOnlyList<WriteOutcome>> WriteInOneTransactionAsync(
        IReadOnlyList<IncomingDocument> documents, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var create = new NpgsqlCommand(CreateIncoming, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyRowsAsync(connection, "incoming", documents, cancellationToken);

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        var documentIds = new long[documents.Count];
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertDocuments));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertSources));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SelectDocumentIds));

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documentIds[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);

        // A document is new for the first message of the batch that carried its content and was inserted
        // now; every other message of that content (a copy, a redelivery) is a duplicate.
        var outcomes = new WriteOutcome[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            var isNew = inserted.Remove(documents[i].Message.Document.ContentSha256);
            outcomes[i] = new WriteOutcome(documentIds[i], !isNew, null);
        }

        return outcomes;
    }

    /// <summary>
    /// Binary COPY of the flattened rows into <paramref name="table"/> (columns <see cref="RowColumns"/>). Public
    /// so the benchmark measures its raw-COPY ceiling with exactly the bytes storage writes.
    /// </summary>
    public static async Task CopyRowsAsync(
        NpgsqlConnection connection, string table, IReadOnlyList<IncomingDocument> documents, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({CopyColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var seq = 0; seq < documents.Count; seq++)
        {
            var (message, messageId) = documents[seq];
            var document = message.Document;
            var source = document.Source;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(seq, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(document.ContentSha256, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Title, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Text, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.OriginalText, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Encoding, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.WordCount, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, document.Metadata.PublicationDate, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, document.Metadata.SourceUrl, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, document.Metadata.Outlet, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, document.Metadata.Copyright, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Metadata.PhotoCredits.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(message.Language, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(message.Confidence, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(importer, message.RunnerUp, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(
                importer,
                message.Segments is { Count: > 0 } segments ? JsonSerializer.Serialize(segments, SegmentJson) : null,
                NpgsqlDbType.Jsonb,
                cancellationToken);
            await importer.WriteAsync(TextSearchConfigurations.ForLanguage(message.Language), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Stage.Version, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(message.Stage.Version, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(document.Stage.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(message.Stage.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(source.RawSha256, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(source.RelativePath, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(source.FileName, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(source.SizeBytes, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(source.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(source.ModifiedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(source.FileId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteNullableAsync(importer, messageId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(source.DiscoveredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(document.EncodingConfidence, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(
                importer,
                document.EncodingCandidates is { Count: > 0 } candidates ? JsonSerializer.Serialize(candidates, SegmentJson) : null,
                NpgsqlDbType.Jsonb,
                cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static readonly JsonSerializerOptions SegmentJson = new(JsonSerializerDefaults.Web);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, Guid? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
