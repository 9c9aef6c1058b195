using IngestPlatform.TestSupport;
using MassTransit;

namespace IngestPlatform.Storage.Tests;

/// <summary>A bare bus in the test's virtual host, publishing what the other stages would.</summary>
internal static class BusClient
{
    public static async Task<IBusControl> StartAsync(BrokerVirtualHost vhost)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(vhost.Host, (ushort)vhost.Port, vhost.VirtualHost, h =>
        {
            h.Username(vhost.Username);
            h.Password(vhost.Password);
        }));
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        return bus;
    }

    /// <summary>Waits until the service listens on <paramref name="queue"/>, so nothing is published into an unbound exchange.</summary>
    public static Task WaitForConsumerAsync(RabbitMqFixture broker, BrokerVirtualHost vhost, string queue, ServiceProcess service) =>
        Eventually.WaitForAsync(
            () => broker.GetQueuesAsync(vhost), queues => queues.Any(q => q.Name == queue && q.Consumers > 0),
            TimeSpan.FromSeconds(60), $"a consumer on {queue}", () => service.Output);
}
