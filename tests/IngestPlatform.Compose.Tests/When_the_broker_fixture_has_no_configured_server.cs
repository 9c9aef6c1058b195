using System.Text;
using IngestPlatform.TestSupport;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace IngestPlatform.Compose.Tests;

[Trait("Category", "Containers")]
[Collection(ContainersCollection.Name)]
public class When_the_broker_fixture_has_no_configured_server(RabbitMqFixture broker, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_start_a_container_whose_virtual_hosts_carry_messages()
    {
        ContainerEngine.Require();
        Assert.True(broker.StartedContainer, "the fixture used a configured server, not a Testcontainer");

        var vhost = await broker.CreateVirtualHostAsync();
        try
        {
            var factory = new ConnectionFactory
            {
                HostName = vhost.Host, Port = vhost.Port, VirtualHost = vhost.VirtualHost,
                UserName = vhost.Username, Password = vhost.Password,
            };
            await using var connection = await factory.CreateConnectionAsync();
            output.WriteLine($"RabbitMQ {Encoding.UTF8.GetString((byte[])connection.ServerProperties!["version"]!)} " +
                $"at {vhost.Host}:{vhost.Port}, virtual host {vhost.VirtualHost}");
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeclareAsync("probe", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "probe", Encoding.UTF8.GetBytes("bonjour"));

            var message = await Eventually.WaitForAsync(
                () => channel.BasicGetAsync("probe", autoAck: true), m => m is not null, TimeSpan.FromSeconds(30), "the message back");
            Assert.Equal("bonjour", Encoding.UTF8.GetString(message!.Body.Span));
            // The management API (the fixture's per-test virtual hosts depend on it) sees the queue.
            var queues = await Eventually.WaitForAsync(
                () => broker.GetQueuesAsync(vhost), q => q.Any(x => x.Name == "probe"), TimeSpan.FromSeconds(30), "the queue in the management API");
            Assert.Single(queues);
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(vhost);
        }
    }
}
