using System.Collections.Frozen;

namespace IngestPlatform.Contracts.Vocabulary;

/// <summary>
/// The PostgreSQL text-search configuration for each detected language. Storage builds a document's
/// <c>search_vector</c> with it and the API parses a query with the same one, so a query is stemmed the
/// way the documents it should find were (French "négociation" matches "négociations").
/// </summary>
public static class TextSearchConfigurations
{
    /// <summary>For languages PostgreSQL has no stemmer for: words as written, lower-cased.</summary>
    public const string Simple = "simple";

    // Configurations shipped with PostgreSQL 15 and 16 (pg_ts_config), keyed by the detector's ISO 639-1 code.
    private static readonly FrozenDictionary<string, string> ByLanguage = new Dictionary<string, string>
    {
        ["ar"] = "arabic", ["hy"] = "armenian", ["eu"] = "basque", ["ca"] = "catalan", ["da"] = "danish",
        ["nl"] = "dutch", ["en"] = "english", ["fi"] = "finnish", ["fr"] = "french", ["de"] = "german",
        ["el"] = "greek", ["hi"] = "hindi", ["hu"] = "hungarian", ["id"] = "indonesian", ["ga"] = "irish",
        ["it"] = "italian", ["lt"] = "lithuanian", ["ne"] = "nepali", ["nb"] = "norwegian", ["nn"] = "norwegian",
        ["no"] = "norwegian", ["pt"] = "portuguese", ["ro"] = "romanian", ["ru"] = "russian", ["sr"] = "serbian",
        ["es"] = "spanish", ["sv"] = "swedish", ["ta"] = "tamil", ["tr"] = "turkish", ["yi"] = "yiddish",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every configuration a stored document can have, <see cref="Simple"/> included.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ByLanguage.Values.Append(Simple).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The configuration for an ISO 639-1 code; <see cref="Simple"/> for <c>und</c> and languages without one.</summary>
    public static string ForLanguage(string language) =>
        ByLanguage.TryGetValue(language, out var configuration) ? configuration : Simple;
}
