using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using MassTransit;
using MassTransit.Middleware;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// How every stage retries, split by cause. A poison message (a bug, bad data) gets bounded retries and then
/// lands in the endpoint's <c>_error</c> queue with its exception and a <c>Fault&lt;T&gt;</c> (Debian's RabbitMQ has
/// no delayed-exchange plugin for redelivery). An outage of a dependency (the database or the broker unreachable)
/// is never the message's fault: such a message is handed back to its queue (a nack with requeue) instead, never
/// dead-lettered, however long the outage lasts. (MassTransit still publishes a <c>Fault&lt;T&gt;</c> when a retry
/// policy gives up, before the error pipe runs; it carries <see cref="DependencyUnavailableException"/>, and storage
/// does not record such a notice as a failure of the file.)
/// </summary>
public static class RetryPolicies
{
    /// <summary>
    /// For CPU-bound stages: the only transient fault is publishing the result. When the broker itself goes away
    /// mid-message, the message is unacknowledged and the broker puts it back in the queue as the connection dies;
    /// retries that run out meanwhile must not move a copy to <c>_error</c> (or publish a fault) once the broker
    /// is back, so broker-outage exceptions (<see cref="IsBrokerOutage"/>) are handed back, never dead-lettered.
    /// </summary>
    public static void UseBrokerRetry<TConsumer>(this IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer)
        where TConsumer : class
    {
        consumer.UseFilter(new OutageFilter<TConsumer>(IsBrokerOutage, "the broker"));
        endpoint.UseMessageRetry(r => r.Intervals(200, 1000, 3000));
        endpoint.RequeueOnOutage();
    }

    /// <summary>
    /// The broker is unreachable or the channel is gone: nothing the message did, and nothing a retry on this
    /// delivery can fix (its acknowledgement belongs to the dead channel; the broker redelivers it).
    /// </summary>
    public static bool IsBrokerOutage(Exception exception) => Causes(exception).Any(e => e switch
    {
        TransportUnavailableException or ConnectionException or BrokerUnreachableException or ConnectFailureException or SocketException
            or PublishNotConfirmedException => true,
        // The connection went away (the broker shut down: 320 CONNECTION_FORCED; the socket broke: initiated by the
        // client library). Not a channel error the broker raised about this message (406 PRECONDITION_FAILED for a
        // message over max_message_size...): that one would come back on every delivery, so it stays a poison message.
        OperationInterruptedException { ShutdownReason: { } reason } => reason.ReplyCode == 320 || reason.Initiator != ShutdownInitiator.Peer,
        _ => false,
    });

    /// <summary>
    /// For stages that write to the database. Three parts, which only work together:
    /// <list type="bullet">
    /// <item>a message failing for another reason is retried 4 times over ~17 s, then faulted into <c>_error</c>;</item>
    /// <item>a message failing because the database is unreachable (<paramref name="isOutage"/>) is retried for ~15 s
    /// (a restart or failover), then handed back to its queue: never dead-lettered, however many times that happens;</item>
    /// <item>the kill switch stops the receive endpoint at the first such hand-back, so the service stops taking
    /// messages while the database is away, and starts it again every <see cref="OutageProbeInterval"/> to probe:
    /// one more outage failure stops it again, a few successes keep it running.</item>
    /// </list>
    /// No delivery stays unacknowledged for more than a couple of minutes (at worst 5 × 15 s of outage retries
    /// between 17 s of poison retries, plus the wait of prefetched messages behind the batches retrying), far below
    /// RabbitMQ's 30-minute <c>consumer_timeout</c>: the retries never hold a message until the broker closes the channel.
    /// </summary>
    public static void UseDatabaseRetry<TConsumer>(
        this IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer, Func<Exception, bool> isOutage)
        where TConsumer : class
    {
        consumer.UseFilter(new OutageFilter<TConsumer>(isOutage, "the database"));

        // Outer, bounded: poison messages. Outage exceptions pass through it untouched.
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<DependencyUnavailableException>();
            r.Intervals(500, 2000, 5000, 10000);
        });
        // Inner: rides out a restart of PostgreSQL in place, before the endpoint is stopped.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<DependencyUnavailableException>();
            r.Intervals(1000, 2000, 4000, 8000);
        });

        // Counts only outage exceptions, which all mean "the database is away": any one of them trips it
        // (TripThreshold 0 %) once the endpoint has seen more than one delivery in the tracking period.
        endpoint.UseKillSwitch(k => k
            .SetActivationThreshold(1)
            .SetTripThreshold(0)
            .SetTrackingPeriod(TimeSpan.FromMinutes(1))
            .SetRestartTimeout(OutageProbeInterval)
            .SetExceptionFilter(f => f.Handle<DependencyUnavailableException>()));
        endpoint.RequeueOnOutage();
    }

    /// <summary>How long a stage stopped by a dependency outage waits before trying a message again.</summary>
    public static readonly TimeSpan OutageProbeInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The error pipe: an outage exception, or a consume cancelled because the endpoint or the service is stopping,
    /// is rethrown so the transport nacks the delivery with requeue (or, when the channel is already gone, the broker
    /// requeues it itself); anything else publishes <c>Fault&lt;T&gt;</c> and moves the message to <c>_error</c>, as
    /// MassTransit does by default.
    /// </summary>
    private static void RequeueOnOutage(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.ConfigureError(e =>
        {
            e.UseFilter(new RequeueOutageFilter());
            e.UseFilter(new GenerateFaultFilter());
            e.UseFilter(new ErrorTransportFilter());
        });

    private sealed class RequeueOutageFilter : IFilter<ExceptionReceiveContext>
    {
        public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
        {
            if (Causes(context.Exception).Any(e => e is DependencyUnavailableException or OperationCanceledException))
            {
                ExceptionDispatchInfo.Throw(context.Exception);
            }

            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("requeue-on-outage");
    }

    /// <summary>
    /// Turns the consumer's outage exceptions into <see cref="DependencyUnavailableException"/> right where they leave
    /// the consumer, before MassTransit records the fault: the retry policies, the kill switch, the error pipe and the
    /// <c>Fault&lt;T&gt;</c> it publishes (which storage then does not record as a failure of the file) all see one type.
    /// </summary>
    private sealed class OutageFilter<TConsumer>(Func<Exception, bool> isOutage, string dependency) : IFilter<ConsumerConsumeContext<TConsumer>>
        where TConsumer : class
    {
        public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
        {
            try
            {
                await next.Send(context);
            }
            catch (Exception e) when (e is not DependencyUnavailableException && Causes(e).Any(isOutage))
            {
                throw new DependencyUnavailableException($"{dependency} is unreachable: {e.Message}", e);
            }
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("dependency-outage");
    }

    /// <summary>The exception and every exception inside it (inner, aggregated), so a wrapped cause is still recognized.</summary>
    public static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}

/// <summary>
/// A dependency (the database, the broker) was unreachable while a message was consumed: the message is not at fault
/// and is handed back to its queue, never dead-lettered. A <c>Fault&lt;T&gt;</c> carrying this type is a notice that a
/// delivery was handed back, not a failure of the file.
/// </summary>
public sealed class DependencyUnavailableException(string message, Exception innerException) : Exception(message, innerException);
