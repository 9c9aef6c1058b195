namespace IngestPlatform.ServiceDefaults;

/// <summary>The kind of RabbitMQ queue every stage's queue (and its <c>_error</c>/<c>_skipped</c> queues) is declared as.</summary>
public enum RabbitMqQueueType
{
    /// <summary>A classic queue: on one node; enough on a single broker, lost with its node in a cluster.</summary>
    Classic,

    /// <summary>A quorum queue (<c>x-queue-type: quorum</c>): replicated over a majority of a cluster's nodes (RabbitMQ 3.8+).</summary>
    Quorum,
}
