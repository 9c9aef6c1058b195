using System.ComponentModel.DataAnnotations;
using MassTransit;

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
    /// How long a partial batch waits for more messages: with <see cref="BatchTimeLimitStart"/> <c>FromLast</c>, how
    /// long after the last message that came. Short, so a lone file on a quiet pipeline is written at once instead of
    /// waiting out a fixed window (the 200 ms window from the first message was most of a lone file's time after the
    /// watcher), while a burst, whose messages come closer together than this, still fills whole batches.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Where <see cref="BatchTimeLimit"/> counts from: <c>FromLast</c> (the last message, MassTransit's idle timeout) or
    /// <c>FromFirst</c> (the first, a fixed window). With <c>FromLast</c> a steady trickle just faster than the time
    /// limit keeps a batch open until <see cref="BatchMessageLimit"/>, so a file waits at most about
    /// <c>BatchMessageLimit × BatchTimeLimit</c> (4 s by default), far below RabbitMQ's 30-minute consumer timeout.
    /// </summary>
    public BatchTimeLimitStart BatchTimeLimitStart { get; set; } = BatchTimeLimitStart.FromLast;

    /// <summary>Batches written at the same time by one replica (each takes a connection).</summary>
    [Range(1, 16)]
    public int ConcurrentBatches { get; set; } = 2;
}
