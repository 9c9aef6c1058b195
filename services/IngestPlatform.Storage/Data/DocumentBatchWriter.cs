using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using Npgsql;

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

    /// <summary>The rows as they come off the bus, flattened: what <see cref="CopyRowsAsync"/> writes (<see cref="IncomingColumns"/>).</summary>
    public static string RowColumns => IncomingColumns.Definitions;

    // Kept for the session and emptied at each commit, not created and dropped by every batch: a table of 32 columns
    // writes and deletes some 40 catalog rows, a fixed cost per batch that made the small batches of a quiet pipeline
    // dear. Needs a connection that is not reset when it goes back to the pool (WriterConnectionString).
    private static readonly string CreateIncoming = $"CREATE TEMP TABLE IF NOT EXISTS incoming ({IncomingColumns.Definitions}) ON COMMIT DELETE ROWS";

    // The first delivery of a content in the batch wins; ordered by key so that two replicas writing
    // overlapping batches take row locks in the same order and cannot deadlock each other.
    private static readonly string InsertDocuments = $"""
        INSERT INTO documents ({string.Join(", ", IncomingColumns.DocumentColumns)}, stored_at)
        SELECT DISTINCT ON (content_sha256) {string.Join(", ", IncomingColumns.DocumentColumns)}, now()
        FROM incoming
        ORDER BY content_sha256, seq
        ON CONFLICT (content_sha256) DO NOTHING
        RETURNING content_sha256
        """;

    private static readonly string InsertSources = $"""
        INSERT INTO document_sources (document_id, {string.Join(", ", IncomingColumns.SourceColumns)}, stored_at)
        SELECT DISTINCT ON (i.raw_sha256, i.relative_path) d.id, {string.Join(", ", IncomingColumns.SourceColumns.Select(c => "i." + c))}, now()
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
            $"COPY {table} ({IncomingColumns.Names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var columns = IncomingColumns.All;
        for (var seq = 0; seq < documents.Count; seq++)
        {
            var row = new IncomingRow(seq, documents[seq]);
            await importer.StartRowAsync(cancellationToken);
            for (var c = 0; c < columns.Count; c++)
            {
                await columns[c].WriteAsync(importer, row, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
