using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// Where the broker is. Bound from the <c>RabbitMq</c> section (environment: <c>RabbitMq__Host</c>, ...).
/// The defaults are a stock local RabbitMQ, so a developer machine needs no configuration.
/// </summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "RabbitMq";

    /// <summary>Host name or address of the broker.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>AMQP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary>Virtual host; one per environment keeps their queues apart.</summary>
    [Required(AllowEmptyStrings = false)]
    public string VirtualHost { get; set; } = "/";

    /// <summary>User name.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "guest";

    /// <summary>Password.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Password { get; set; } = "guest";

    /// <summary>
    /// Classic (the default) or quorum queues (<c>RabbitMq__QueueType=quorum</c>). Every service of one deployment
    /// must agree: RabbitMQ refuses (406 PRECONDITION_FAILED) to declare an existing queue with another type, and an
    /// existing classic queue cannot be turned into a quorum one in place (see the README on migrating).
    /// </summary>
    [EnumDataType(typeof(RabbitMqQueueType))]
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Classic;

    /// <summary>
    /// How often each consumer reads the depth of its queues for <c>/metrics</c> (<see cref="QueueDepthMonitor"/>);
    /// zero turns it off. One passive declaration per queue per interval.
    /// </summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a consumer waits for the broker to confirm what it publishes (<see cref="ConfirmedPublish"/>). Past it
    /// the normalizer and the detector hand their message back to be tried again, and storage ends its batch without
    /// the <c>DocumentStored</c> notices (its rows are committed). Unbounded, a publish whose confirm was outstanding
    /// when the broker stopped could wait for good (seen in CI: storage held its batches and took nothing after the
    /// broker came back, 282 of 300 stored).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The AMQP heartbeat the services ask for. A network that is cut (a failed switch, a pulled cable, a partition)
    /// closes nothing: without traffic either side only learns of it from missed heartbeats, after about two intervals,
    /// and until then the broker holds the messages delivered to the cut-off consumer and the consumer waits on a
    /// dead socket. RabbitMQ's own default is 60 s (two minutes to notice); 10 s is within the 5-20 s RabbitMQ's
    /// documentation recommends and notices in about 20 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);
}
