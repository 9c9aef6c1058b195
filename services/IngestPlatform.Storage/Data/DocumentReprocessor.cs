using IngestPlatform.Contracts.Vocabulary;
using Npgsql;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// Applies a reprocessed document (<see cref="Contracts.Reprocessing"/>) to the row it was made from, in one
/// transaction, instead of the batch writer's insert-or-nothing:
/// <list type="bullet">
/// <item>language detector re-run: the language columns (and so the search configuration and vector) are updated in place;</item>
/// <item>normalizer re-run (from the stored decoded <c>original_text</c>): text, title, metadata and language are updated
/// in place, the content hash too when the text changed; but when the new text is already another document's, this
/// document merges into that one: its sources and history move there, and its row is deleted (its id no longer
/// resolves). <c>original_text</c> stays as first stored.</item>
/// </list>
/// Each run is one <c>document_history</c> row, once per run however often the message is delivered.
/// </summary>
public sealed class DocumentReprocessor(NpgsqlDataSource dataSource)
{
    public async Task<WriteOutcome> ApplyAsync(IncomingDocument incoming, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyOnceAsync(incoming, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another batch was giving a second document the same new text at the same moment, uncommitted when this
            // one looked: it has committed now (the unique check waited for it), so a second look finds it and merges.
            return await ApplyOnceAsync(incoming, cancellationToken);
        }
    }

    private async Task<WriteOutcome> ApplyOnceAsync(IncomingDocument incoming, CancellationToken cancellationToken)
    {
        var message = incoming.Message;
        var document = message.Document;
        var run = document.Reprocess!;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using var read = new NpgsqlCommand(
            "SELECT content_sha256, language, language_confidence, normalizer_version, detector_version FROM documents WHERE id = $1 FOR UPDATE",
            connection, transaction) { Parameters = { new() { Value = run.DocumentId } } };
        string oldSha, oldLanguage, oldNormalizer, oldDetector;
        double oldConfidence;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new WriteOutcome(null, false, $"Document {run.DocumentId}, sent for reprocessing, no longer exists (merged into another, or deleted).");
            }

            (oldSha, oldLanguage, oldConfidence, oldNormalizer, oldDetector) =
                (reader.GetString(reader.GetOrdinal("content_sha256")), reader.GetString(reader.GetOrdinal("language")),
                    reader.GetDouble(reader.GetOrdinal("language_confidence")), reader.GetString(reader.GetOrdinal("normalizer_version")),
                    reader.GetString(reader.GetOrdinal("detector_version")));
        }

        var language = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"language {oldLanguage} ({oldConfidence:0.00}) -> {message.Language} ({message.Confidence:0.00})");
        var normalizing = run.Stage == Stages.Normalizer;
        var targetId = run.DocumentId;
        string action = "updated", detail;
        if (!normalizing)
        {
            await ExecuteAsync(connection, transaction, cancellationToken, UpdateLanguage, Parameters(DetectorColumns, incoming, run.DocumentId));
            detail = language;
        }
        else if (document.ContentSha256 != oldSha
                 && await ScalarAsync(connection, transaction, cancellationToken,
                     "SELECT id FROM documents WHERE content_sha256 = @sha FOR UPDATE", new NpgsqlParameter("sha", document.ContentSha256)) is long existing)
        {
            // The new text is already stored as another document: one document per content, so this one merges into it.
            targetId = existing;
            action = "merged";
            detail = $"the new text (sha256 {document.ContentSha256[..12]}…) is document {existing}'s: document {run.DocumentId}'s sources and history moved to it and its row was deleted; {language}";
            await ExecuteAsync(connection, transaction, cancellationToken, """
                UPDATE document_sources SET document_id = @target WHERE document_id = @id;
                UPDATE document_history SET document_id = @target WHERE document_id = @id;
                DELETE FROM documents WHERE id = @id;
                """, [new NpgsqlParameter("target", existing), new NpgsqlParameter("id", run.DocumentId)]);
        }
        else
        {
            await ExecuteAsync(connection, transaction, cancellationToken, UpdateNormalized, Parameters(NormalizerColumns, incoming, run.DocumentId));
            detail = document.ContentSha256 == oldSha
                ? $"text unchanged; {language}"
                : $"text changed (sha256 {oldSha[..12]}… -> {document.ContentSha256[..12]}…); {language}";
        }

        await ExecuteAsync(connection, transaction, cancellationToken, """
            INSERT INTO document_history (document_id, reprocessed_document_id, run_id, stage, action, from_version, to_version, detail, at)
            VALUES (@target, @id, @run, @stage, @action, @from, @to, @detail, now())
            ON CONFLICT (run_id, reprocessed_document_id, stage) DO NOTHING
            """,
            [
                new NpgsqlParameter("target", targetId), new NpgsqlParameter("id", run.DocumentId), new NpgsqlParameter("run", run.RunId),
                new NpgsqlParameter("stage", run.Stage), new NpgsqlParameter("action", action),
                new NpgsqlParameter("from", normalizing ? oldNormalizer : oldDetector),
                new NpgsqlParameter("to", normalizing ? document.Stage.Version : message.Stage.Version),
                new NpgsqlParameter("detail", detail),
            ]);
        await transaction.CommitAsync(cancellationToken);
        return new WriteOutcome(targetId, false, null);
    }

    // What each re-run changes, from the one column list (IncomingColumns), with the same values the batch writer stores:
    // a column added there is refreshed by a normalizer re-run without a word here.
    private static readonly IncomingColumn[] DetectorColumns =
        [.. IncomingColumns.All.Where(c => c.InDocuments && IncomingColumns.SetByDetector.Contains(c.Name))];

    private static readonly IncomingColumn[] NormalizerColumns =
        [.. IncomingColumns.All.Where(c => c.InDocuments && !IncomingColumns.KeptOnReprocess.Contains(c.Name))];

    private static readonly string UpdateLanguage = UpdateSql(DetectorColumns);

    private static readonly string UpdateNormalized = UpdateSql(NormalizerColumns);

    private static string UpdateSql(IEnumerable<IncomingColumn> columns) =>
        $"UPDATE documents SET {string.Join(", ", columns.Select(c => $"{c.Name} = @{c.Name}"))} WHERE id = @id";

    private static NpgsqlParameter[] Parameters(IncomingColumn[] columns, IncomingDocument incoming, long id)
    {
        var row = new IncomingRow(0, incoming);
        return [new NpgsqlParameter("id", id), .. columns.Select(c => c.Parameter(row))];
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, string sql, NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, string sql, NpgsqlParameter parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { Parameters = { parameter } };
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
