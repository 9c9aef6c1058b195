using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace IngestPlatform.Admin;

/// <summary>
/// Writes the stored documents, oldest first, one per line (JSON Lines) or row (CSV, RFC 4180: every field quoted, so
/// newlines in the text survive), streamed from the database: memory stays flat however many there are.
/// </summary>
public sealed class DocumentExport(string connectionString)
{
    public static readonly IReadOnlyList<string> Formats = ["jsonl", "csv"];

    private static readonly string[] Columns =
    [
        "id", "content_sha256", "title", "language", "language_confidence", "publication_date", "source_url", "outlet",
        "normalizer_version", "detector_version", "stored_at", "text",
    ];

    // Selected from Columns itself, so the i-th value read is Columns[i]'s by construction: a column is exported by
    // adding its name above, once. --query is matched with each document's own text-search configuration, as the API
    // does; written per row here (no GIN index use): an export reads most rows anyway.
    private static readonly string Sql = $"""
        SELECT {string.Join(", ", Columns)}
        FROM documents
        WHERE (@q::text IS NULL OR search_vector @@ websearch_to_tsquery(search_config::regconfig, @q))
          AND (@lang::text IS NULL OR language = @lang)
        ORDER BY stored_at, id
        """;

    public async Task<long> WriteAsync(TextWriter output, string format, string? query, string? language, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter("q", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("lang", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)language ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        if (format == "csv")
        {
            await output.WriteLineAsync(string.Join(',', Columns));
        }

        long count = 0;
        var values = new object?[Columns.Length];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                values[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
            }

            await output.WriteLineAsync(format == "csv" ? CsvLine(values) : JsonLine(values));
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    // Text as UTF-8, not \u escapes: the export is read by people and tools, never embedded in HTML.
    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string JsonLine(object?[] values)
    {
        var row = new Dictionary<string, object?>(Columns.Length);
        for (var i = 0; i < Columns.Length; i++)
        {
            row[Columns[i]] = values[i];
        }

        return JsonSerializer.Serialize(row, JsonLines);
    }

    private static string CsvLine(object?[] values)
    {
        var line = new StringBuilder();
        foreach (var value in values)
        {
            var text = value switch
            {
                null => "",
                DateTime at => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
            line.Append(line.Length == 0 ? "" : ",").Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return line.ToString();
    }
}
