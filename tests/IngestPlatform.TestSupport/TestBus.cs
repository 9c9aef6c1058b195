using MassTransit;

namespace IngestPlatform.TestSupport;

/// <summary>A bare MassTransit bus in a test's virtual host: to publish what a stage would, or to observe what it does.</summary>
public static class TestBus
{
    public static async Task<IBusControl> StartAsync(BrokerVirtualHost vhost, Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(vhost.Host, (ushort)vhost.Port, vhost.VirtualHost, h =>
            {
                h.Username(vhost.Username);
                h.Password(vhost.Password);
            });
            configure?.Invoke(cfg);
        });
        await bus.StartAsync(TimeSpan.FromSeconds(30));
        return bus;
    }
}
