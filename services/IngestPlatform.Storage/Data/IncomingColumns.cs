using System.Linq.Expressions;
using System.Text.Json;
using IngestPlatform.Contracts.Vocabulary;
using NpgsqlTypes;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// The one home of the columns storage writes from a message: each says which entity property (so which column of
/// <c>documents</c> and/or <c>document_sources</c>) it fills and where in the message its value is. The batch writer's
/// temporary table, COPY column list and INSERT … SELECT lists are all generated from this list, once, when the type is
/// first used; the COPY loop calls each column's typed delegate, so there is no reflection per row or per batch.
/// <para>
/// The compiler ties each value to its property (same type, and <c>Required</c> refuses a nullable one);
/// <c>When_comparing_the_written_columns_with_the_ef_model</c> ties the list to the EF model: a column added to an
/// entity and not here (nor in <see cref="DocumentsFilledByDatabase"/> / <see cref="SourcesFilledByDatabase"/>),
/// or here with another type or nullability, fails it.
/// </para>
/// </summary>
public static class IncomingColumns
{
    // Kept short on purpose: a new column of documents is one line here, from the message to the entity property.
    public static readonly IReadOnlyList<IncomingColumn> All =
    [
        IncomingColumn.Staging("seq", "int", NpgsqlDbType.Integer, r => r.Seq),
        Required((StoredDocument d) => d.ContentSha256, r => r.Document.ContentSha256),
        Required((StoredDocument d) => d.Title, r => r.Document.Title),
        Required((StoredDocument d) => d.Text, r => r.Document.Text),
        Required((StoredDocument d) => d.OriginalText, r => r.Document.OriginalText),
        Required((StoredDocument d) => d.Encoding, r => r.Document.Encoding, alsoInSources: true),
        Required((StoredDocument d) => d.WordCount, r => r.Document.WordCount),
        Optional((StoredDocument d) => d.PublicationDate, r => r.Document.Metadata.PublicationDate),
        Optional((StoredDocument d) => d.SourceUrl, r => r.Document.Metadata.SourceUrl),
        Optional((StoredDocument d) => d.Outlet, r => r.Document.Metadata.Outlet),
        Optional((StoredDocument d) => d.Copyright, r => r.Document.Metadata.Copyright),
        Required((StoredDocument d) => d.PhotoCredits, r => r.Document.Metadata.PhotoCredits.ToArray()),
        Required((StoredDocument d) => d.Language, r => r.Message.Language),
        Required((StoredDocument d) => d.LanguageConfidence, r => r.Message.Confidence),
        Optional((StoredDocument d) => d.LanguageRunnerUp, r => r.Message.RunnerUp),
        Optional(
            (StoredDocument d) => d.LanguageSegments,
            r => r.Message.Segments is { Count: > 0 } segments ? JsonSerializer.Serialize(segments, Json) : null,
            jsonb: true),
        Required((StoredDocument d) => d.SearchConfig, r => TextSearchConfigurations.ForLanguage(r.Message.Language)),
        Required((StoredDocument d) => d.NormalizerVersion, r => r.Document.Stage.Version, alsoInSources: true),
        Required((StoredDocument d) => d.DetectorVersion, r => r.Message.Stage.Version, alsoInSources: true),
        Required((StoredDocument d) => d.NormalizedAt, r => r.Document.Stage.At.ToUniversalTime(), alsoInSources: true),
        Required((StoredDocument d) => d.LanguageDetectedAt, r => r.Message.Stage.At.ToUniversalTime(), alsoInSources: true),
        Required((DocumentSource s) => s.RawSha256, r => r.Source.RawSha256),
        Required((DocumentSource s) => s.RelativePath, r => r.Source.RelativePath),
        Required((DocumentSource s) => s.FileName, r => r.Source.FileName),
        Required((DocumentSource s) => s.SizeBytes, r => r.Source.SizeBytes),
        Required((DocumentSource s) => s.FileCreatedAt, r => r.Source.CreatedAt.ToUniversalTime()),
        Required((DocumentSource s) => s.FileModifiedAt, r => r.Source.ModifiedAt.ToUniversalTime()),
        Required((DocumentSource s) => s.FileId, r => r.Source.FileId),
        OptionalValue((DocumentSource s) => s.MessageId, r => r.Incoming.MessageId),
        Required((DocumentSource s) => s.DiscoveredAt, r => r.Source.DiscoveredAt.ToUniversalTime()),
        OptionalValue((DocumentSource s) => s.EncodingConfidence, r => r.Document.EncodingConfidence),
        Optional(
            (DocumentSource s) => s.EncodingCandidates,
            r => r.Document.EncodingCandidates is { Count: > 0 } candidates ? JsonSerializer.Serialize(candidates, Json) : null,
            jsonb: true),
    ];

    /// <summary>Columns of <c>documents</c> not taken from the message: the identity, the generated search vector, the write time.</summary>
    public static readonly IReadOnlyList<string> DocumentsFilledByDatabase = ["id", "search_vector", "stored_at"];

    /// <summary>Columns of <c>document_sources</c> not taken from the message: the identity, the document it joined, the write time.</summary>
    public static readonly IReadOnlyList<string> SourcesFilledByDatabase = ["id", "document_id", "stored_at"];

    /// <summary>
    /// Columns of <c>documents</c> a language-detector re-run changes (<see cref="DocumentReprocessor"/>); a normalizer
    /// re-run changes those and every other column it carries except <see cref="KeptOnReprocess"/>, so a new column is
    /// refreshed by a normalizer re-run without a word here.
    /// </summary>
    public static readonly IReadOnlyList<string> SetByDetector =
        ["language", "language_confidence", "language_runner_up", "language_segments", "search_config", "detector_version", "language_detected_at"];

    /// <summary>Kept as first stored by any reprocessing: the raw bytes are not kept, so decoding is never re-run.</summary>
    public static readonly IReadOnlyList<string> KeptOnReprocess = ["original_text", "encoding"];

    /// <summary>The temporary table's column definitions (<c>seq int, content_sha256 text, …</c>).</summary>
    public static readonly string Definitions = string.Join(", ", All.Select(c => $"{c.Name} {c.SqlType}"));

    /// <summary>The COPY column list, in the order <see cref="IncomingColumn.WriteAsync"/> is called.</summary>
    public static readonly string Names = string.Join(", ", All.Select(c => c.Name));

    /// <summary>The columns that go to <c>documents</c>.</summary>
    public static readonly IReadOnlyList<string> DocumentColumns = [.. All.Where(c => c.InDocuments).Select(c => c.Name)];

    /// <summary>The columns that go to <c>document_sources</c>.</summary>
    public static readonly IReadOnlyList<string> SourceColumns = [.. All.Where(c => c.InSources).Select(c => c.Name)];

    // The web defaults (camelCase), which the API reads back.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static IncomingColumn Required<TEntity, T>(
        Expression<Func<TEntity, T>> property, Func<IncomingRow, T> value, bool alsoInSources = false, bool jsonb = false)
        where T : notnull =>
        new IncomingColumn<T>(Target(property, alsoInSources, jsonb, typeof(T), nullable: false), value);

    private static IncomingColumn Optional<TEntity>(
        Expression<Func<TEntity, string?>> property, Func<IncomingRow, string?> value, bool jsonb = false) =>
        new IncomingColumn<string?>(Target(property, alsoInSources: false, jsonb, typeof(string), nullable: true), value);

    private static IncomingColumn OptionalValue<TEntity, T>(Expression<Func<TEntity, T?>> property, Func<IncomingRow, T?> value)
        where T : struct =>
        new IncomingNullableColumn<T>(Target(property, alsoInSources: false, jsonb: false, typeof(T), nullable: true), value);

    private static ColumnTarget Target<TEntity, TProperty>(
        Expression<Func<TEntity, TProperty>> property, bool alsoInSources, bool jsonb, Type type, bool nullable)
    {
        var member = property.Body as MemberExpression
            ?? throw new ArgumentException($"'{property}' must name a property of {typeof(TEntity).Name}.", nameof(property));
        var inDocuments = typeof(TEntity) == typeof(StoredDocument);
        var (sqlType, dbType) = jsonb ? ("jsonb", NpgsqlDbType.Jsonb) : SqlTypeOf(type);
        return new ColumnTarget(
            IngestDbContext.ColumnName(member.Member.Name), sqlType, dbType, nullable, inDocuments, !inDocuments || alsoInSources);
    }

    // The PostgreSQL type of the staging column for each CLR type the entities use; a new CLR type fails at start-up
    // (and in the model test), never silently.
    private static (string SqlType, NpgsqlDbType DbType) SqlTypeOf(Type type) => type switch
    {
        _ when type == typeof(string) => ("text", NpgsqlDbType.Text),
        _ when type == typeof(int) => ("int", NpgsqlDbType.Integer),
        _ when type == typeof(long) => ("bigint", NpgsqlDbType.Bigint),
        _ when type == typeof(double) => ("float8", NpgsqlDbType.Double),
        _ when type == typeof(Guid) => ("uuid", NpgsqlDbType.Uuid),
        _ when type == typeof(DateTimeOffset) => ("timestamptz", NpgsqlDbType.TimestampTz),
        _ when type == typeof(string[]) => ("text[]", NpgsqlDbType.Array | NpgsqlDbType.Text),
        _ => throw new NotSupportedException($"No staging column type for {type}: add it to {nameof(IncomingColumns)}.{nameof(SqlTypeOf)}."),
    };
}
