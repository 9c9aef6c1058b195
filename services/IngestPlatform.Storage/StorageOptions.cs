using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.Storage;

/// <summary>How storage groups messages into transactions. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Most documents written in one transaction. Bigger batches amortize the round trips and the
    /// commit; 200 documents of ~10 KB is ~2 MB per COPY, far from any limit.
    /// </summary>
    [Range(1, 1000)]
    public int BatchMessageLimit { get; set; } = 200;

    /// <summary>
    /// How long a partial batch waits for more messages. Kept short (and far below RabbitMQ's 30-minute
    /// consumer timeout) so a lone file is stored at once when the pipeline is quiet.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Batches written at the same time by one replica (each takes a connection).</summary>
    [Range(1, 16)]
    public int ConcurrentBatches { get; set; } = 2;
}
