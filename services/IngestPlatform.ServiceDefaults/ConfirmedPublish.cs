using MassTransit;

namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// A consumer's publish, awaited with a bound (<see cref="RabbitMqOptions.PublishTimeout"/>). RabbitMQ.Client 7.2, which
/// MassTransit 8.5 runs on, can leave a publish waiting for its publisher confirm for good when the broker restarts
/// while the confirm is outstanding (rabbitmq/rabbitmq-dotnet-client#1928 and #1930, still open on 7.2.2): the
/// consumer would hold its message and its concurrency slot forever, and the stage stall once every slot is held.
/// </summary>
public static class ConfirmedPublish
{
    /// <summary>
    /// Publishes and waits for the confirm at most <paramref name="timeout"/>. Past it,
    /// <see cref="PublishNotConfirmedException"/>: a broker outage to the retry policies (<see cref="RetryPolicies.IsBrokerOutage"/>),
    /// so the message is tried again and then handed back to its queue, never dead-lettered. A publish that did reach
    /// the broker is then published twice; every stage after it is idempotent.
    /// </summary>
    public static Task PublishConfirmed<T>(this ConsumeContext context, T message, TimeSpan timeout)
        where T : class =>
        context.Publish(message, context.CancellationToken).Confirmed(timeout, context.CancellationToken);

    /// <summary>
    /// Waits for <paramref name="publish"/> at most <paramref name="timeout"/> (on <paramref name="time"/>, the system
    /// clock by default) or until <paramref name="cancellationToken"/>. The publish itself is left running: a publish
    /// abandoned here completes or fails on its own, and its outcome is observed, so one that fails later is not an
    /// unobserved exception.
    /// </summary>
    public static async Task Confirmed(this Task publish, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        try
        {
            await publish.WaitAsync(timeout, time ?? TimeProvider.System, cancellationToken);
        }
        catch (Exception e) when (!publish.IsCompleted)
        {
            _ = publish.ContinueWith(
                t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (e is TimeoutException)
            {
                throw new PublishNotConfirmedException(timeout, e);
            }

            throw;
        }
    }
}

/// <summary>The broker did not confirm a publish within <see cref="RabbitMqOptions.PublishTimeout"/>.</summary>
public sealed class PublishNotConfirmedException(TimeSpan timeout, Exception innerException)
    : Exception($"the broker confirmed no publish within {timeout}", innerException);
