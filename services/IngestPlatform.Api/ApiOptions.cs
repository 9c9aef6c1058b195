using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.Api;

/// <summary>
/// How the query API reads the database. Section <c>Api</c>; the connection string is the storage
/// service's own, <c>ConnectionStrings:Ingest</c>, copied in here so it is validated with the rest.
/// </summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    public const string ConnectionStringName = "Ingest";

    [Required(ErrorMessage = $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}).")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Characters of a document's text given to <c>ts_headline</c> for a search snippet. It re-parses
    /// what it is given for every hit on the page, so the cost is bounded; a match further in is still
    /// found and ranked, only its snippet falls back to the opening words.
    /// </summary>
    [Range(1_000, 1_000_000)]
    public int SnippetSourceCharacters { get; set; } = 20_000;

    /// <summary>Longest statement a request may run, so one expensive search cannot hold a connection for long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
