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
                SELECT d.id, d.title, d.language, left(d.text, {ExcerptCharacters + 1}) AS snippet, NULL::float8 AS rank, d.stored_at,
                       (SELECT count(*)::int FROM document_sources s WHERE s.document_id = d.id) AS source_count
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
                       ts_headline(d.search_config::regconfig, left(d.text, @snippet), websearch_to_tsquery(d.search_config::regconfig, @q), '{HeadlineOptions}') AS snippet,
                       h.rank::float8 AS rank, d.stored_at,
                       (SELECT count(*)::int FROM document_sources s WHERE s.document_id = d.id) AS source_count
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
            var snippet = reader.Get<string>("snippet");
            hits.Add(new DocumentHit(
                reader.Get<long>("id"),
                reader.Get<string>("title"),
                reader.Get<string>("language"),
                search.Query is null ? Excerpt(snippet) : snippet,
                reader.GetOrNull<double>("rank"),
                reader.Get<DateTimeOffset>("stored_at"),
                reader.Get<int>("source_count")));
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

        // Named arguments: a column added to DocumentDetail is a compile error here until it is read, by name.
        var document = new DocumentDetail(
            Id: reader.Get<long>("id"),
            ContentSha256: reader.Get<string>("content_sha256"),
            Title: reader.Get<string>("title"),
            Text: reader.Get<string>("text"),
            WordCount: reader.Get<int>("word_count"),
            Encoding: reader.Get<string>("encoding"),
            Language: reader.Get<string>("language"),
            LanguageConfidence: reader.Get<double>("language_confidence"),
            LanguageRunnerUp: reader.GetTextOrNull("language_runner_up"),
            SearchConfig: reader.Get<string>("search_config"),
            Metadata: new ArticleMetadataView(
                reader.GetTextOrNull("publication_date"), reader.GetTextOrNull("source_url"), reader.GetTextOrNull("outlet"),
                reader.GetTextOrNull("copyright"), reader.Get<string[]>("photo_credits")),
            Versions: new PipelineVersions(reader.Get<string>("normalizer_version"), reader.Get<string>("detector_version")),
            NormalizedAt: reader.Get<DateTimeOffset>("normalized_at"),
            LanguageDetectedAt: reader.Get<DateTimeOffset>("language_detected_at"),
            StoredAt: reader.Get<DateTimeOffset>("stored_at"),
            LanguageSegments: reader.GetTextOrNull("language_segments") is { } segments
                ? JsonSerializer.Deserialize<LanguageSegmentView[]>(segments, SegmentJson) ?? []
                : [],
            Sources: []);

        await reader.NextResultAsync(cancellationToken);
        var sources = new List<(DocumentSourceView View, Guid FileId)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var fileId = reader.Get<Guid>("file_id");
            var history = new List<StageEvent>
            {
                new("discovered", reader.Get<DateTimeOffset>("discovered_at"), null),
                new("normalized", reader.Get<DateTimeOffset>("normalized_at"), reader.Get<string>("normalizer_version")),
                new("language-detected", reader.Get<DateTimeOffset>("language_detected_at"), reader.Get<string>("detector_version")),
                new("stored", reader.Get<DateTimeOffset>("stored_at"), null),
            };
            sources.Add((new DocumentSourceView(
                reader.Get<long>("id"), fileId, reader.Get<string>("file_name"), reader.Get<string>("relative_path"),
                reader.Get<long>("size_bytes"), reader.Get<string>("raw_sha256"), reader.Get<string>("encoding"),
                reader.Get<DateTimeOffset>("file_created_at"), reader.Get<DateTimeOffset>("file_modified_at"),
                reader.GetOrNull<Guid>("message_id"), history, [],
                reader.GetOrNull<double>("encoding_confidence"),
                reader.GetTextOrNull("encoding_candidates") is { } candidates
                    ? JsonSerializer.Deserialize<EncodingCandidateView[]>(candidates, SegmentJson)
                    : null), fileId));
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
                reader.Get<DateTimeOffset>("at"), reader.Get<string>("stage"), reader.Get<string>("action"),
                reader.Get<string>("from_version"), reader.Get<string>("to_version"), reader.Get<string>("detail"),
                reader.Get<long>("reprocessed_document_id")));
        }

        return document with
        {
            Sources = [.. sources.Select(s => s.View with { Failures = [.. failures.Where(f => f.FileId == s.FileId)] })],
            History = reprocessing,
        };
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
