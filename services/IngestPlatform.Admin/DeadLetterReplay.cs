using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.Admin;

/// <summary>What a replay did (or, in a dry run, would do).</summary>
public sealed record ReplayResult(string From, string To, int Count, bool DryRun);

/// <summary>A replay that cannot start: no such queue, or a name that is not an <c>_error</c> queue.</summary>
public sealed class ReplayException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Moves MassTransit's dead letters from <c>&lt;queue&gt;_error</c> back to <c>&lt;queue&gt;</c>. One message at a
/// time: get it unacknowledged, publish it to its queue and wait for the broker's confirmation, only then ack the
/// dead letter. A crash in between leaves the message in both queues (a duplicate, which every stage absorbs:
/// storage is idempotent), never in neither. Properties, body and headers are kept, except MassTransit's fault
/// headers: the message goes back as it was first delivered, and if it faults again it gets fresh ones.
/// </summary>
public sealed class DeadLetterReplay(ConnectionFactory factory)
{
    private const string ErrorSuffix = "_error";

    public async Task<ReplayResult> ReplayAsync(string errorQueue, bool dryRun, CancellationToken cancellationToken)
    {
        if (!errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) || errorQueue.Length == ErrorSuffix.Length)
        {
            throw new ReplayException($"'{errorQueue}' is not a dead-letter queue: its name must end in {ErrorSuffix}.");
        }

        var target = errorQueue[..^ErrorSuffix.Length];
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        var waiting = await MessageCountAsync(connection, errorQueue, cancellationToken);
        await MessageCountAsync(connection, target, cancellationToken);
        if (dryRun)
        {
            return new ReplayResult(errorQueue, target, (int)waiting, DryRun: true);
        }

        // At most what was there at the start: a message that faults again while the replay runs lands back in
        // the error queue, and must not be replayed in a loop.
        var moved = 0;
        while (moved < waiting)
        {
            var dead = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (dead is null)
            {
                break;
            }

            var properties = new BasicProperties(dead.BasicProperties);
            if (properties.Headers is { } headers)
            {
                properties.Headers = headers.Where(h => !IsFaultHeader(h.Key)).ToDictionary();
            }

            // Through the default exchange straight into the queue; mandatory, so a queue deleted meanwhile is an
            // error (returned), not a silent drop. With confirmation tracking this returns once the broker has it.
            await channel.BasicPublishAsync("", target, mandatory: true, properties, dead.Body, cancellationToken);
            await channel.BasicAckAsync(dead.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return new ReplayResult(errorQueue, target, moved, DryRun: false);
    }

    /// <summary>Set by MassTransit's error transport: why and where it faulted (MT-Fault-*, MT-Reason).</summary>
    private static bool IsFaultHeader(string name) =>
        name.StartsWith("MT-Fault-", StringComparison.OrdinalIgnoreCase) || name.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase);

    private async Task<uint> MessageCountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A channel of its own: a missing queue closes the channel it was asked on.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e)
        {
            throw new ReplayException($"Queue '{queue}' does not exist in virtual host '{factory.VirtualHost}' of {connection.Endpoint.HostName}: {e.Message}", e);
        }
    }
}
