using System.Text.Json;
using IngestPlatform.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

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
    private static readonly JsonSerializerOptions SegmentJson = new(JsonSerializerDefaults.Web);

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
            await ExecuteAsync(connection, transaction, cancellationToken, $"UPDATE documents SET {LanguageColumns} WHERE id = @id", LanguageParameters(incoming, run.DocumentId));
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
            await ExecuteAsync(connection, transaction, cancellationToken, $"""
                UPDATE documents SET content_sha256 = @sha, title = @title, text = @text, word_count = @words,
                    publication_date = @date, source_url = @url, outlet = @outlet, copyright = @copyright, photo_credits = @credits,
                    normalizer_version = @normalizer, normalized_at = @normalized_at, {LanguageColumns}
                WHERE id = @id
                """,
                [
                    .. LanguageParameters(incoming, run.DocumentId),
                    new NpgsqlParameter("sha", document.ContentSha256), new NpgsqlParameter("title", document.Title),
                    new NpgsqlParameter("text", document.Text), new NpgsqlParameter("words", document.WordCount),
                    Nullable("date", document.Metadata.PublicationDate), Nullable("url", document.Metadata.SourceUrl),
                    Nullable("outlet", document.Metadata.Outlet), Nullable("copyright", document.Metadata.Copyright),
                    new NpgsqlParameter("credits", document.Metadata.PhotoCredits.ToArray()),
                    new NpgsqlParameter("normalizer", document.Stage.Version),
                    new NpgsqlParameter("normalized_at", document.Stage.At.ToUniversalTime()),
                ]);
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

    private const string LanguageColumns = """
        language = @language, language_confidence = @confidence, language_runner_up = @runner_up, language_segments = @segments,
        search_config = @config, detector_version = @detector, language_detected_at = @detected_at
        """;

    private static NpgsqlParameter[] LanguageParameters(IncomingDocument incoming, long id)
    {
        var message = incoming.Message;
        return
        [
            new NpgsqlParameter("id", id),
            new NpgsqlParameter("language", message.Language),
            new NpgsqlParameter("confidence", message.Confidence),
            Nullable("runner_up", message.RunnerUp),
            new NpgsqlParameter("segments", NpgsqlDbType.Jsonb)
            {
                Value = message.Segments is { Count: > 0 } segments ? JsonSerializer.Serialize(segments, SegmentJson) : DBNull.Value,
            },
            new NpgsqlParameter("config", TextSearchConfigurations.ForLanguage(message.Language)),
            new NpgsqlParameter("detector", message.Stage.Version),
            new NpgsqlParameter("detected_at", message.Stage.At.ToUniversalTime()),
        ];
    }

    private static NpgsqlParameter Nullable(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

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
