using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Spectre.Console;

namespace IngestPlatform.Admin;

/// <summary>What a <c>reprocess</c> run sent.</summary>
public sealed record ReprocessResult(Guid RunId, string Stage, int Sent);

/// <summary>
/// Sends stored documents back through one stage, marked <see cref="Reprocessing"/> so storage updates them in place
/// (<c>DocumentReprocessor</c>) and records the run in <c>document_history</c>:
/// <list type="bullet">
/// <item><c>language-detector</c>: the stored normalized text, as the <c>DocumentNormalized</c> the detector consumes;</item>
/// <item><c>normalizer</c>: the stored decoded <c>original_text</c> in UTF-8, as a <c>FileDiscovered</c>. The raw bytes
/// are not kept, so decoding is not re-run: the encoding stays the one first detected.</item>
/// </list>
/// Published, as the stages publish, so the message reaches the stage's queue whatever its type (classic or quorum).
/// Running it twice re-sends and re-applies the same result; with <c>--before-version</c>, a second run after the
/// first has finished finds nothing left to do.
/// </summary>
public sealed partial class DocumentReprocessing(RabbitMqOptions broker, string connectionString)
{
    public static readonly IReadOnlyList<string> ReprocessableStages = [Stages.LanguageDetector, Stages.Normalizer];

    private const string CandidatesSql = """
        SELECT id, normalizer_version, detector_version FROM documents
        WHERE (@lang::text IS NULL OR language = @lang) ORDER BY id
        """;

    private const string DocumentSql = """
        SELECT d.content_sha256, d.title, d.text, d.original_text, d.encoding, d.word_count, d.publication_date, d.source_url,
               d.outlet, d.copyright, d.photo_credits, d.normalizer_version, d.normalized_at,
               s.raw_sha256, s.relative_path, s.file_name, s.size_bytes, s.file_created_at, s.file_modified_at, s.discovered_at,
               s.encoding_confidence
        FROM documents d
        JOIN LATERAL (SELECT * FROM document_sources WHERE document_id = d.id ORDER BY id LIMIT 1) s ON true
        WHERE d.id = @id
        """;

    public async Task<ReprocessResult> RunAsync(string stage, string? language, Version? beforeVersion, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var queue = QueueNames.InputOf(stage);
        await RequireQueueAsync(queue, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var ids = await CandidatesAsync(dataSource, stage, language, beforeVersion, cancellationToken);
        var run = new Reprocessing(0, stage, Guid.NewGuid(), DateTimeOffset.UtcNow);

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, "ingest-admin", h =>
        {
            h.Username(broker.Username);
            h.Password(broker.Password);
        }));
        await bus.StartAsync(cancellationToken);
        var sent = 0;
        try
        {
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Reprocessing {ids.Count} document(s) through the {stage}", maxValue: Math.Max(1, ids.Count));
                foreach (var id in ids)
                {
                    // Published with the broker's confirmation: a document is counted once the broker has it.
                    if (await MessageForAsync(dataSource, id, run with { DocumentId = id }, cancellationToken) is { } message)
                    {
                        await bus.Publish(message, message.GetType(), cancellationToken);
                        sent++;
                    }

                    task.Increment(1);
                }

                task.Value = task.MaxValue;
            });
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }

        return new ReprocessResult(run.RunId, stage, sent);
    }

    /// <summary>The documents to re-run: in <paramref name="language"/> when given, and last run through the stage by a version older than <paramref name="beforeVersion"/>.</summary>
    private static async Task<List<long>> CandidatesAsync(
        NpgsqlDataSource dataSource, string stage, string? language, Version? beforeVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CandidatesSql);
        command.Parameters.Add(new NpgsqlParameter("lang", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)language ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetString(reader.GetOrdinal(stage == Stages.Normalizer ? "normalizer_version" : "detector_version"));
            if (beforeVersion is null || VersionOf(version) < beforeVersion)
            {
                ids.Add(reader.GetInt64(reader.GetOrdinal("id")));
            }
        }

        return ids;
    }

    /// <summary>
    /// The number in a stage stamp (<c>language-detector 0.4.0 (fast)</c> is 0.4.0); 0.0 when it has none, so a stamp
    /// without a number counts as older than any version asked for.
    /// </summary>
    public static Version VersionOf(string stamp) =>
        VersionNumber().Match(stamp) is { Success: true } m && Version.TryParse(m.Value, out var v) ? v : new Version(0, 0);

    private static async Task<object?> MessageForAsync(NpgsqlDataSource dataSource, long id, Reprocessing run, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DocumentSql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            // Merged into another or deleted since the candidates were read.
            return null;
        }

        // By column name, not position: the SELECT list can grow or be reordered without shifting these.
        T Get<T>(string column) => r.GetFieldValue<T>(r.GetOrdinal(column));
        string? Text(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : Get<string>(column);
        var originalText = Get<string>("original_text");
        // A new pickup id: failures of this run are recorded as its own, not folded into the first pass's.
        var source = new SourceFile(
            Guid.NewGuid(), Get<string>("file_name"), Get<string>("relative_path"), Get<long>("size_bytes"), Get<string>("raw_sha256"),
            Get<DateTimeOffset>("file_created_at"), Get<DateTimeOffset>("file_modified_at"), DateTimeOffset.UtcNow);
        if (run.Stage == Stages.Normalizer)
        {
            return new FileDiscovered(source, Encoding.UTF8.GetBytes(originalText), null, run);
        }

        return new DocumentNormalized(
            source, Get<string>("encoding"), Get<string>("title"), Get<string>("text"), originalText, Get<string>("content_sha256"),
            new ArticleMetadata(Text("publication_date"), Text("source_url"), Text("outlet"), Text("copyright"), Get<string[]>("photo_credits")),
            Get<int>("word_count"), new StageStamp(Get<string>("normalizer_version"), Get<DateTimeOffset>("normalized_at")),
            EncodingConfidence: r.IsDBNull(r.GetOrdinal("encoding_confidence")) ? 1.0 : Get<double>("encoding_confidence"), Reprocess: run);
    }

    /// <summary>A stage that never ran has no queue: the messages would have nowhere to go.</summary>
    private async Task RequireQueueAsync(string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = broker.Host, Port = broker.Port, VirtualHost = broker.VirtualHost, UserName = broker.Username, Password = broker.Password,
            ClientProvidedName = "ingest-admin",
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e)
        {
            throw new AdminException($"Queue '{queue}' does not exist in virtual host '{broker.VirtualHost}': start the stage once before reprocessing through it.", e);
        }
    }

    [GeneratedRegex(@"\d+(\.\d+){1,3}", RegexOptions.CultureInvariant)]
    private static partial Regex VersionNumber();
}
