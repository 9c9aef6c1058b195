using System.Collections.Concurrent;
using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// A virtual host and a migrated database of the test's own, the services it starts as real processes, and
/// a bus to publish what the other stages would. Disposing prints every service's output and removes it all.
/// </summary>
internal sealed class ServicesUnderTest : IAsyncDisposable
{
    private readonly RabbitMqFixture _broker;
    private readonly ITestOutputHelper _output;
    private readonly List<ServiceProcess> _services = [];

    private ServicesUnderTest(RabbitMqFixture broker, ITestOutputHelper output, BrokerVirtualHost vhost, StorageDatabase database, IBusControl bus,
        ConcurrentQueue<DocumentStored> stored)
    {
        _broker = broker;
        _output = output;
        VirtualHost = vhost;
        Database = database;
        Bus = bus;
        Stored = stored;
    }

    /// <summary>The test bus's queue for <see cref="DocumentStored"/>: the test's, not the platform's.</summary>
    public const string ObserverQueue = "storage-test-observer";

    public BrokerVirtualHost VirtualHost { get; }

    public StorageDatabase Database { get; }

    public IBusControl Bus { get; }

    /// <summary>Every <see cref="DocumentStored"/> storage published, duplicates included: what the test itself sees happen.</summary>
    public ConcurrentQueue<DocumentStored> Stored { get; }

    public string Logs => string.Join(Environment.NewLine, _services.Select(s => s.Output));

    public static async Task<ServicesUnderTest> CreateAsync(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
    {
        var vhost = await broker.CreateVirtualHostAsync();
        var stored = new ConcurrentQueue<DocumentStored>();
        var bus = await TestBus.StartAsync(vhost, cfg => cfg.ReceiveEndpoint(ObserverQueue, e =>
            e.Handler<DocumentStored>(c =>
            {
                stored.Enqueue(c.Message);
                return Task.CompletedTask;
            })));
        return new ServicesUnderTest(broker, output, vhost, await StorageDatabase.CreateAsync(server), bus, stored);
    }

    /// <summary>Starts a service and waits until it listens on <paramref name="queue"/>, so nothing is published into an unbound exchange.</summary>
    public async Task<ServiceProcess> StartAsync(string service, string queue, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(VirtualHost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = Database.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ServiceProcess.Start(service, environment);
        _services.Add(process);
        await WaitForQueueAsync(q => q.Name == queue && q.Consumers > 0, $"a consumer on {queue}");
        return process;
    }

    /// <summary>Waits for a queue state; the management API refreshes its counts every few seconds.</summary>
    public Task WaitForQueueAsync(Func<QueueState, bool> condition, string what) =>
        Eventually.WaitForAsync(() => _broker.GetQueuesAsync(VirtualHost), q => q.Any(condition), TimeSpan.FromSeconds(60), what, () => Logs);

    public Task<IReadOnlyList<QueueState>> QueuesAsync() => _broker.GetQueuesAsync(VirtualHost);

    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
            _output.WriteLine(service.Output);
        }

        await _broker.DeleteVirtualHostAsync(VirtualHost);
        await Database.DisposeAsync();
    }
}
