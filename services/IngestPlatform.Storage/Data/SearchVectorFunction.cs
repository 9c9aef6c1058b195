namespace IngestPlatform.Storage.Data;

/// <summary>
/// The SQL function <c>documents.search_vector</c> is generated with: title at weight A, text at weight B,
/// parsed with the document's own text-search configuration (<c>french</c> stems "négociations" to
/// "négoci", so the singular finds the plural).
/// </summary>
public static class SearchVectorFunction
{
    public const string Name = "ingest_search_vector";

    /// <summary>
    /// Declared IMMUTABLE so a generated column may call it: the text-to-regconfig cast is only STABLE
    /// because a configuration could be renamed, which this project never does. Only the first 250,000
    /// characters are indexed: PostgreSQL refuses a tsvector over 1 MB, which a 64 MiB file could exceed.
    /// </summary>
    public const string Create = $"""
        CREATE OR REPLACE FUNCTION {Name}(config text, title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT setweight(to_tsvector(config::regconfig, coalesce(title, '')), 'A')
                || setweight(to_tsvector(config::regconfig, left(coalesce(body, ''), 250000)), 'B')
        $$
        """;

    public const string Drop = $"DROP FUNCTION IF EXISTS {Name}(text, text, text)";
}
