using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// The depth of every queue this process consumes, as its consumer sees it: <c>ingest.queue.ready</c> (messages
/// waiting for a consumer) and <c>ingest.queue.consumers</c>, tagged with the queue's name. Read with a passive queue
/// declaration on an AMQP connection of its own every <see cref="RabbitMqOptions.QueueDepthInterval"/>, so it needs
/// only the credentials the bus already has (no management API, which a locked-down broker may not expose). Messages
/// a consumer holds unacknowledged are not in "ready": MassTransit's own <c>messaging.masstransit.receive.active</c>
/// counts those per process, and KEDA's scaler reads ready plus unacknowledged from the management API.
/// </summary>
public sealed partial class QueueDepthMonitor(
    IOptions<RabbitMqOptions> options, IngestMetrics metrics, ILogger<QueueDepthMonitor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, QueueDepth> _depths = new(StringComparer.Ordinal);
    private int _observing;

    /// <summary>The last depth read of each queue; absent until the first read, and after a read that failed.</summary>
    public IReadOnlyDictionary<string, QueueDepth> Depths => _depths;

    /// <summary>Adds a queue this process consumes (called for each receive endpoint as the bus is configured).</summary>
    public void Watch(string queue)
    {
        _depths.TryAdd(queue, QueueDepth.Unknown);
        // The gauges are created once, with the first queue: a process with no receive endpoint (the watcher) has none.
        if (Interlocked.Exchange(ref _observing, 1) == 0)
        {
            metrics.ObserveQueueDepths(() => _depths.Where(d => d.Value.IsKnown).Select(d => (d.Key, d.Value)));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.QueueDepthInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        IConnection? connection = null;
        try
        {
            do
            {
                if (_depths.IsEmpty)
                {
                    continue;
                }

                try
                {
                    connection ??= await ConnectAsync(stoppingToken);
                    await ReadAsync(connection, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The broker is down, restarting or cut off (a channel that never opens ends in TaskCanceledException
                    // after the client's continuation timeout): the bus reports that on /health; here the figures are
                    // withdrawn rather than shown as if current. Whatever the failure, a gauge must never stop the
                    // service: an exception leaving ExecuteAsync stops the host (a network cut once stopped all three
                    // consumer stages this way).
                    LogReadFailed(logger, e.Message);
                    foreach (var queue in _depths.Keys)
                    {
                        _depths[queue] = QueueDepth.Unknown;
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value;
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            VirtualHost = broker.VirtualHost,
            UserName = broker.Username,
            Password = broker.Password,
            // Reconnection is this loop's job: one attempt per interval, never a second connection piling up.
            AutomaticRecoveryEnabled = false,
            // As the bus's: a cut network is noticed, and the connection replaced, in about two intervals.
            RequestedHeartbeat = broker.Heartbeat,
        };
        return await factory.CreateConnectionAsync("ingest-queue-depth", cancellationToken);
    }

    private async Task ReadAsync(IConnection connection, CancellationToken cancellationToken)
    {
        foreach (var queue in _depths.Keys)
        {
            // A passive declaration of a queue that does not exist (deleted by an operator) closes its channel with
            // 404: one channel per queue keeps that from hiding the others.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                _depths[queue] = new QueueDepth(declared.MessageCount, declared.ConsumerCount);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                _depths[queue] = QueueDepth.Unknown;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue depths not read: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}

/// <summary>One reading of a queue.</summary>
/// <param name="Ready">Messages waiting for a consumer; null when unknown.</param>
/// <param name="Consumers">Consumers attached (every replica's).</param>
public readonly record struct QueueDepth(long? Ready, long Consumers)
{
    /// <summary>Not read yet, or the last read failed.</summary>
    public static QueueDepth Unknown { get; } = new(null, 0);

    /// <summary>Whether this is a reading at all.</summary>
    public bool IsKnown => Ready is not null;
}
