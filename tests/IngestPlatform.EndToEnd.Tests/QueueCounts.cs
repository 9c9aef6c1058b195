using System.Diagnostics;
using IngestPlatform.TestSupport;
using RabbitMQ.Client;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// Exact message counts of every queue of a virtual host: names from the management API, counts from a passive
/// declare over AMQP (the broker's own figure at that instant; the management API's statistics lag seconds).
/// </summary>
public static class QueueCounts
{
    public static async Task<IReadOnlyDictionary<string, uint>> ReadAsync(RabbitMqFixture broker, BrokerVirtualHost vhost)
    {
        var names = (await broker.GetQueuesAsync(vhost)).Select(q => q.Name).ToArray();
        var factory = new ConnectionFactory
        {
            HostName = vhost.Host, Port = vhost.Port, VirtualHost = vhost.VirtualHost, UserName = vhost.Username, Password = vhost.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        var counts = new SortedDictionary<string, uint>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // A channel per queue: a queue deleted since the listing (a temporary bus queue) closes the channel with 404.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                counts[name] = (await channel.QueueDeclarePassiveAsync(name)).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }
        }

        return counts;
    }

    /// <summary>
    /// Waits until every queue is empty and stays so for <paramref name="quiet"/> (nothing in flight is about to
    /// land anywhere), and returns the last counts, <c>_error</c> queues included, for the test to assert on.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, uint>> WaitForQuietAsync(
        RabbitMqFixture broker, BrokerVirtualHost vhost, TimeSpan quiet, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var quietSince = Stopwatch.StartNew();
        var last = await ReadAsync(broker, vhost);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var now = await ReadAsync(broker, vhost);
            var settled = now.Where(q => !q.Key.EndsWith("_error", StringComparison.Ordinal)).All(q => q.Value == 0)
                && now.SequenceEqual(last);
            if (!settled)
            {
                quietSince.Restart();
            }
            else if (quietSince.Elapsed >= quiet)
            {
                return now;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Queues never settled: {string.Join(", ", now.Select(q => $"{q.Key}={q.Value}"))}{Environment.NewLine}{diagnostics?.Invoke()}");
            }

            last = now;
        }
    }
}
