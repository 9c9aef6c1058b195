using System.Text;
using System.Text.Json;
using IngestPlatform.Api.Failures;
using IngestPlatform.Contracts.Vocabulary;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace IngestPlatform.Api.Documents;

/// <summary>What <c>GET /documents</c> was asked for, validated.</summary>
internal sealed record DocumentSearch(string? Query, string? Language, TimeRange StoredAt, Paging Paging);

/// <summary>Reads <c>documents</c> and <c>document_sources</c>; never writes.</summary>
internal sealed class DocumentQueries(NpgsqlDataSource dataSource, IOptions<ApiOptions> options)
{
    private const int ExcerptCharacters = 240;

    // Storage writes language_segments with the web defaults (camelCase).
    private static readonly JsonSerializerOptions SegmentJson = new(JsonSerializerDefaults.Web);

    // ts_headline marks the matched words with ** (plain text, safe to show anywhere; no HTML to escape).
    private const string HeadlineOptions = "MaxFragments=2, MaxWords=30, MinWords=12, StartSel=**, StopSel=**, FragmentDelimiter=\" … \"";

    private const string DocumentSql = """
        SELECT id, content_sha256, title, text, word_count, encoding, language, language_confidence, language_runner_up,
               search_config, publication_date, source_url, outlet, copyright, photo_credits,
               normalizer_version, detector_version, normalized_at, language_detected_at, stored_at, language_segments
        FROM documents WHERE id = @id
        """;

    private const string SourcesSql = """
        SELECT id, file_id, file_name, relative_path, size_bytes, raw_sha256, encoding, file_created_at, file_modified_at,
               message_id, normalizer_version, detector_version, discovered_at, normalized_at, language_detected_at, stored_at,
               encoding_confidence, encoding_candidates
        FROM document_sources WHERE document_id = @id ORDER BY discovered_at, id
        """;

    private const string HistorySql = """
        SELECT at, stage, action, from_version, to_version, detail, reprocessed_document_id
        FROM document_history WHERE document_id = @id ORDER BY at, id
        """;

    private static readonly string SourceFailuresSql = $"""
        SELECT {FailureQueries.Columns} FROM ingest_failures
        WHERE file_id IN (SELECT file_id FROM document_sources WHERE document_id = @id)
        ORDER BY rejected_at, id
        """;

    /// <summary>
    /// The WHERE clause that finds a query in documents of every language at once. Each document was
    /// indexed with the configuration of its language (<c>search_config</c>), so the query must be parsed
    /// with that same configuration for stemming to line up ("négociation" and "négociations" are both
    /// 'négoci' in French, not in English). Writing
    /// <c>search_vector @@ websearch_to_tsquery(search_config::regconfig, @q)</c> would say that, but the
    /// query then depends on the row and the GIN index cannot be used: every search would read every row.
    /// So the clause is spelled out per configuration, each arm a constant query the planner evaluates
    /// once: <c>(search_config = 'french' AND search_vector @@ websearch_to_tsquery('french', @q)) OR …</c>,
    /// which PostgreSQL can run as a BitmapOr of one GIN index scan per arm.
    /// EXPLAIN ANALYZE on PostgreSQL 15, 6,000 documents (French, English, simple), a word found in 6:
    /// this form: <c>Bitmap Heap Scan on documents / Recheck Cond: (search_vector @@ '''brouillamini'''::tsquery)
    /// OR … / -> BitmapOr / -> Bitmap Index Scan on IX_documents_search_vector</c> (29 of them), 1.2 ms,
    /// chosen by the planner unprompted; the row-dependent form: <c>Seq Scan</c>, 50 ms, and still a Seq
    /// Scan (310 ms) with <c>enable_seqscan = off</c>: it cannot use the index at all. With <c>lang=fr</c>
    /// one arm is left: one Bitmap Index Scan, 0.1 ms. A word in 60% of the rows gets a Seq Scan, as it
    /// should (36 ms; the BitmapOr, forced with enable_seqscan off, 24 ms). Trade-offs: ~30 arms cost
    /// 3-14 ms of planning; and right after a bulk load, until (auto)vacuum flushes GIN's pending list,
    /// the planner prices the index high and may scan instead.
    /// </summary>
    private static string MatchClause(IEnumerable<string> configurations)
    {
        var clause = new StringBuilder("(");
        foreach (var configuration in configurations)
        {
            // Names come from TextSearchConfigurations (our constants), never from the request.
            if (!configuration.All(c => c is (>= 'a' and <= 'z') or '_'))
            {
                throw new InvalidOperationException($"Unexpected text-search configuration name '{configuration}'.");
            }

            clause.Append(clause.Length == 1 ? "" : "\n    OR ")
                .Append($"(d.search_config = '{configuration}' AND d.search_vector @@ websearch_to_tsquery('{configuration}', @q))");
        }

        return clause.Append(')').ToString();
    }

    public async Task<PagedResult<DocumentHit>> SearchAsync(DocumentSearch search, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        if (search.Language is not null)
        {
            conditions.Add("d.language = @lang");
        }

        if (search.StoredAt.From is not null)
        {
            conditions.Add("d.stored_at >= @from");
        }

        if (search.StoredAt.Before is not null)
        {
            conditions.Add("d.stored_at < @before");
        }

        if (search.Query is not null)
        {
            conditions.Add(MatchClause(search.Language is { } lang
                ? [TextSearchConfigurations.ForLanguage(lang)]
                : TextSearchConfigurations.All));
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", conditions);
        var countSql = $"SELECT count(*) FROM documents d {where}";
        var pageSql = search.Query is null
            ? $"""
                SELECT d.id, d.title, d.language, left(d.text, {ExcerptCharacters + 1}), NULL::float8, d.stored_at,
                       (SELECT count(*)::int FROM document_sources s WHERE s.document_id = d.id)
                FROM documents d {where}
                ORDER BY d.stored_at DESC, d.id DESC
                LIMIT @limit OFFSET @offset
                """
            // Rank and page first, then headline only the page's rows: ts_headline re-parses the text.
            : $"""
                WITH hits AS (
                    SELECT d.id, ts_rank_cd(d.search_vector, websearch_to_tsquery(d.search_config::regconfig, @q)) AS rank
                    FROM documents d {where}
                    ORDER BY rank DESC, d.stored_at DESC, d.id DESC
                    LIMIT @limit OFFSET @offset)
                SELECT d.id, d.title, d.language,
                       ts_headline(d.search_config::regconfig, left(d.text, @snippet), websearch_to_tsquery(d.search_config::regconfig, @q), '{HeadlineOptions}'),
                       h.rank::float8, d.stored_at,
                       (SELECT count(*)::int FROM document_sources s WHERE s.document_id = d.id)
                FROM hits h JOIN documents d ON d.id = h.id
                ORDER BY h.rank DESC, d.stored_at DESC, d.id DESC
                """;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(WithParameters(new NpgsqlBatchCommand(countSql), search));
        var page = WithParameters(new NpgsqlBatchCommand(pageSql), search);
        page.Parameters.Add(new NpgsqlParameter<int>("limit", search.Paging.PageSize));
        page.Parameters.Add(new NpgsqlParameter<long>("offset", search.Paging.Offset));
        page.Parameters.Add(new NpgsqlParameter<int>("snippet", options.Value.SnippetSourceCharacters));
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var hits = new List<DocumentHit>(search.Paging.PageSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            var snippet = reader.GetString(3);
            hits.Add(new DocumentHit(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                search.Query is null ? Excerpt(snippet) : snippet,
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt32(6)));
        }

        return new PagedResult<DocumentHit>(hits, search.Paging.Page, search.Paging.PageSize, total);
    }

    public async Task<DocumentDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in new[] { DocumentSql, SourcesSql, SourceFailuresSql, HistorySql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long>("id", id));
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var document = (
            Id: reader.GetInt64(0), Sha: reader.GetString(1), Title: reader.GetString(2), Text: reader.GetString(3),
            WordCount: reader.GetInt32(4), Encoding: reader.GetString(5), Language: reader.GetString(6),
            Confidence: reader.GetDouble(7), RunnerUp: NullableString(reader, 8), SearchConfig: reader.GetString(9),
            Metadata: new ArticleMetadataView(
                NullableString(reader, 10), NullableString(reader, 11), NullableString(reader, 12), NullableString(reader, 13),
                reader.GetFieldValue<string[]>(14)),
            Versions: new PipelineVersions(reader.GetString(15), reader.GetString(16)),
            NormalizedAt: reader.GetFieldValue<DateTimeOffset>(17), DetectedAt: reader.GetFieldValue<DateTimeOffset>(18),
            StoredAt: reader.GetFieldValue<DateTimeOffset>(19),
            Segments: reader.IsDBNull(20)
                ? []
                : JsonSerializer.Deserialize<LanguageSegmentView[]>(reader.GetString(20), SegmentJson) ?? []);

        await reader.NextResultAsync(cancellationToken);
        var sources = new List<(DocumentSourceView View, Guid FileId)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var fileId = reader.GetGuid(1);
            var history = new List<StageEvent>
            {
                new("discovered", reader.GetFieldValue<DateTimeOffset>(12), null),
                new("normalized", reader.GetFieldValue<DateTimeOffset>(13), reader.GetString(10)),
                new("language-detected", reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(11)),
                new("stored", reader.GetFieldValue<DateTimeOffset>(15), null),
            };
            sources.Add((new DocumentSourceView(
                reader.GetInt64(0), fileId, reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetGuid(9), history, [],
                reader.IsDBNull(16) ? null : reader.GetDouble(16),
                reader.IsDBNull(17) ? null : JsonSerializer.Deserialize<EncodingCandidateView[]>(reader.GetString(17), SegmentJson)), fileId));
        }

        await reader.NextResultAsync(cancellationToken);
        var failures = new List<FailureView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(FailureQueries.Read(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        var reprocessing = new List<ReprocessingEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reprocessing.Add(new ReprocessingEvent(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt64(6)));
        }

        return new DocumentDetail(
            document.Id, document.Sha, document.Title, document.Text, document.WordCount, document.Encoding, document.Language,
            document.Confidence, document.RunnerUp, document.SearchConfig, document.Metadata, document.Versions,
            document.NormalizedAt, document.DetectedAt, document.StoredAt, document.Segments,
            [.. sources.Select(s => s.View with { Failures = [.. failures.Where(f => f.FileId == s.FileId)] })],
            reprocessing);
    }

    private static NpgsqlBatchCommand WithParameters(NpgsqlBatchCommand command, DocumentSearch search)
    {
        if (search.Query is { } q)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("q", NpgsqlDbType.Text) { TypedValue = q });
        }

        if (search.Language is { } lang)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("lang", NpgsqlDbType.Text) { TypedValue = lang });
        }

        if (search.StoredAt.From is { } from)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", from.ToUniversalTime()));
        }

        if (search.StoredAt.Before is { } before)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", before.ToUniversalTime()));
        }

        return command;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The opening of the text, cut at a word boundary.</summary>
    private static string Excerpt(string opening)
    {
        if (opening.Length <= ExcerptCharacters)
        {
            return opening;
        }

        var cut = opening.LastIndexOfAny([' ', '\n'], ExcerptCharacters);
        return string.Concat(opening.AsSpan(0, cut > 0 ? cut : ExcerptCharacters), " …");
    }
}
