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

    /// <summary>
    /// Bearer token every request but <c>/health</c> and <c>/alive</c> must carry (<c>Authorization: Bearer …</c>;
    /// environment <c>Api__Token</c>). Optional on loopback; required when the API listens anywhere else, and the
    /// API refuses to start without it then (<see cref="ApiAccessValidation"/>). When set, it is required on loopback too.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The RabbitMQ management API the dashboard reads queue depths and consumers from; the user, password and
    /// virtual host are the services' own <c>RabbitMq__*</c> settings.
    /// </summary>
    [Required]
    public Uri RabbitMqManagementUrl { get; set; } = new("http://127.0.0.1:15672");

    /// <summary>
    /// The watchers' <c>/status</c> endpoints (<c>Api__WatcherStatusUrls__0</c>, <c>__1</c>…; one per replica, only the
    /// active one reports a backlog), on the watcher's own HTTP port. Empty: the dashboard says the backlog is unknown.
    /// </summary>
    public Uri[] WatcherStatusUrls { get; set; } = [];

    /// <summary>How long the dashboard waits for the management API or a watcher before showing it as unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest statement a request may run, so one expensive search cannot hold a connection for long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
