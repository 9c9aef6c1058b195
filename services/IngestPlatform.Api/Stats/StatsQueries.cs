using IngestPlatform.Api.Failures;
using IngestPlatform.Contracts.Vocabulary;
using Npgsql;

namespace IngestPlatform.Api.Stats;

/// <summary>What the platform holds and how fast it is filling.</summary>
internal sealed record IngestStats(
    long Documents,
    long Sources,
    FileStatusCounts Files,
    IReadOnlyList<LanguageCount> DocumentsByLanguage,
    IReadOnlyList<FailureCount> FailuresByStage,
    IngestRate Rate);

/// <summary>
/// What became of the files: stored (a row in <c>document_sources</c>), rejected by a stage, or given up
/// on after retries (fault).
/// </summary>
internal sealed record FileStatusCounts(long Stored, long Rejected, long Fault);

internal sealed record LanguageCount(string Language, long Documents);

internal sealed record FailureCount(string Stage, string Kind, long Failures);

/// <summary>
/// Documents (distinct contents) and sources (files) stored in the last minute and hour, and the average
/// documents per minute from the first stored to the last (null with fewer than two instants).
/// </summary>
internal sealed record IngestRate(
    long DocumentsLastMinute,
    long DocumentsLastHour,
    long SourcesLastMinute,
    long SourcesLastHour,
    DateTimeOffset? FirstStoredAt,
    DateTimeOffset? LastStoredAt,
    double? DocumentsPerMinute);

/// <summary>
/// Counts over the three tables. The documents' time windows and first/last use the <c>stored_at</c> index;
/// the rest are plain counts, one pass over each table, which is what a stats page costs.
/// </summary>
internal sealed class StatsQueries(NpgsqlDataSource dataSource)
{
    private const string ByLanguageSql =
        "SELECT language, count(*) AS documents FROM documents GROUP BY language ORDER BY count(*) DESC, language";

    private const string FailuresSql =
        "SELECT stage, kind, count(*) AS failures FROM ingest_failures GROUP BY stage, kind ORDER BY stage, kind";

    private const string DocumentsSql = """
        SELECT (SELECT count(*) FROM documents WHERE stored_at > now() - interval '1 minute') AS last_minute,
               (SELECT count(*) FROM documents WHERE stored_at > now() - interval '1 hour') AS last_hour,
               (SELECT min(stored_at) FROM documents) AS first_stored_at,
               (SELECT max(stored_at) FROM documents) AS last_stored_at
        """;

    private const string SourcesSql = """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE stored_at > now() - interval '1 minute') AS last_minute,
               count(*) FILTER (WHERE stored_at > now() - interval '1 hour') AS last_hour
        FROM document_sources
        """;

    public async Task<IngestStats> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the four statements, so the totals agree with each other.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(ByLanguageSql),
                new NpgsqlBatchCommand(FailuresSql),
                new NpgsqlBatchCommand(DocumentsSql),
                new NpgsqlBatchCommand(SourcesSql),
            },
        };

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var byLanguage = new List<LanguageCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            byLanguage.Add(new LanguageCount(reader.Get<string>("language"), reader.Get<long>("documents")));
        }

        await reader.NextResultAsync(cancellationToken);
        var failures = new List<FailureCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new FailureCount(reader.Get<string>("stage"), reader.Get<string>("kind"), reader.Get<long>("failures")));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var documentsLastMinute = reader.Get<long>("last_minute");
        var documentsLastHour = reader.Get<long>("last_hour");
        var first = reader.GetOrNull<DateTimeOffset>("first_stored_at");
        var last = reader.GetOrNull<DateTimeOffset>("last_stored_at");

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var sources = reader.Get<long>("total");
        var sourcesLastMinute = reader.Get<long>("last_minute");
        var sourcesLastHour = reader.Get<long>("last_hour");

        var documents = byLanguage.Sum(l => l.Documents);
        var span = last - first;
        double? perMinute = span is { } s && s > TimeSpan.Zero ? documents / s.TotalMinutes : null;
        return new IngestStats(
            documents,
            sources,
            new FileStatusCounts(
                sources,
                failures.Where(f => f.Kind == FailureKinds.Rejected).Sum(f => f.Failures),
                failures.Where(f => f.Kind == FailureKinds.Fault).Sum(f => f.Failures)),
            byLanguage,
            failures,
            new IngestRate(documentsLastMinute, documentsLastHour, sourcesLastMinute, sourcesLastHour, first, last, perMinute));
    }
}
