using System.Net.Http.Json;
using System.Text.Json;
using IngestPlatform.Api.Pipeline;
using IngestPlatform.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// <c>GET /pipeline</c> against the real RabbitMQ management API, in a virtual host of the test's own: a stage queue
/// with a consumer, its <c>_error</c> queue with dead letters. The management API samples every few seconds, so the
/// figures are polled for.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class When_reading_the_pipeline(ApiFixture api) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RabbitMqFixture _broker = new();
    private BrokerVirtualHost? _vhost;

    public async Task InitializeAsync()
    {
        await _broker.InitializeAsync();
        _vhost = await _broker.CreateVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        if (_vhost is not null)
        {
            await _broker.DeleteVirtualHostAsync(_vhost);
        }

        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Should_show_each_queue_with_its_messages_and_consumers_and_its_error_queue()
    {
        var vhost = _vhost!;
        var factory = new ConnectionFactory
        {
            HostName = vhost.Host, Port = vhost.Port, VirtualHost = vhost.VirtualHost, UserName = vhost.Username, Password = vhost.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("normalizer", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueDeclareAsync("normalizer_error", durable: true, exclusive: false, autoDelete: false);
        // Declared out of pipeline order, and a queue that is not the pipeline's.
        foreach (var queue in new[] { "storage-faults", "storage", "language-detector", "audit" })
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        }

        for (var i = 0; i < 3; i++)
        {
            await channel.BasicPublishAsync("", "normalizer_error", new byte[] { 1, 2, 3 });
        }

        // A consumer on the stage queue, as a running normalizer has.
        await channel.BasicConsumeAsync("normalizer", autoAck: true, new AsyncEventingBasicConsumer(channel));
        var closedPort = ExternalCommand.FreePort();
        await using var factoryApi = new ApiFactory(api.ConnectionString, Settings(vhost, _broker.ManagementUri!, closedPort));
        var client = factoryApi.CreateClient();

        var now = await Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<PipelineNow>("/pipeline", Json))!,
            p => p.Queues.Any(q => q is { Name: "normalizer_error", Messages: 3 }) && p.Queues.Any(q => q is { Name: "normalizer", Consumers: 1 }),
            Patience, "the management API to report the queues");

        Assert.Null(now.BrokerProblem);
        // Stage queues first in pipeline order, then a queue not of the pipeline, then the error queues; each with the
        // stage that drains it (QueueNames.All).
        Assert.Equal(["normalizer", "language-detector", "storage", "storage-faults", "audit", "normalizer_error"], now.Queues.Select(q => q.Name));
        Assert.Equal([false, false, false, false, false, true], now.Queues.Select(q => q.IsErrorQueue));
        Assert.Equal(3, now.Queues[^1].Ready);
        var body = JsonDocument.Parse(await client.GetStringAsync("/pipeline")).RootElement.GetProperty("queues");
        Assert.Equal(
            ["normalizer", "language-detector", "storage", "storage", null, "normalizer"],
            body.EnumerateArray().Select(q => q.GetProperty("consumedBy").GetString()));
        // The watcher configured here does not answer: said so, and the backlog is unknown rather than zero.
        var watcher = Assert.Single(now.Watchers);
        Assert.Contains("not reachable", watcher.Problem, StringComparison.Ordinal);
        Assert.Null(now.InboxWaiting);
    }

    [Fact]
    public async Task Should_say_so_when_the_management_api_refuses_the_credentials()
    {
        var settings = new Dictionary<string, string>(Settings(_vhost!, _broker.ManagementUri!, ExternalCommand.FreePort()))
        {
            ["RabbitMq:Password"] = "not-the-password",
        };
        await using var factoryApi = new ApiFactory(api.ConnectionString, settings);

        var now = (await factoryApi.CreateClient().GetFromJsonAsync<PipelineNow>("/pipeline", Json))!;

        Assert.Empty(now.Queues);
        Assert.Contains("answered 401", now.BrokerProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_so_when_the_management_api_does_not_answer()
    {
        var closed = new Uri($"http://127.0.0.1:{ExternalCommand.FreePort()}");
        await using var factoryApi = new ApiFactory(api.ConnectionString, Settings(_vhost!, closed, ExternalCommand.FreePort()));

        var now = (await factoryApi.CreateClient().GetFromJsonAsync<PipelineNow>("/pipeline", Json))!;

        Assert.Empty(now.Queues);
        Assert.Contains("is not reachable", now.BrokerProblem, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(BrokerVirtualHost vhost, Uri management, int watcherPort) => new()
    {
        ["RabbitMq:VirtualHost"] = vhost.VirtualHost,
        ["RabbitMq:Username"] = vhost.Username,
        ["RabbitMq:Password"] = vhost.Password,
        ["Api:RabbitMqManagementUrl"] = management.ToString(),
        ["Api:WatcherStatusUrls:0"] = $"http://127.0.0.1:{watcherPort}/status",
    };
}
