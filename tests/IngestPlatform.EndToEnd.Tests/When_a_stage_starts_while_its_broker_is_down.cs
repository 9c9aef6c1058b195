using System.Net;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// A host rebooted with RabbitMQ coming up after the services (a compose start without health ordering, a Kubernetes
/// node where the broker pod is rescheduled): every stage must start anyway, say it is unhealthy but alive, and take
/// work once the broker is there, without a restart. On a node of the test's own, stopped for real before the start.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_a_stage_starts_while_its_broker_is_down(PostgresFixture database, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private static readonly (string Service, string Queue)[] Stages =
        [(Pipeline.Normalizer, QueueNames.Normalizer), (Pipeline.LanguageDetector, QueueNames.LanguageDetector), (Pipeline.Storage, QueueNames.Storage)];

    [Fact]
    public async Task Should_report_unhealthy_but_alive_and_consume_once_the_broker_is_up()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await node.StopAsync();
        var connectionString = await database.CreateDatabaseAsync();
        var services = Stages.Select(s => ServiceProcess.Start(s.Service, new Dictionary<string, string>(node.VirtualHost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = connectionString,
        })).ToList();
        string Logs() => string.Join(Environment.NewLine, services.Select(s => s.OutputTail(200)));
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var ports = new List<int>();
            foreach (var service in services)
            {
                var port = await service.WaitForListeningPortAsync(Patience);
                Assert.False(service.HasExited, $"{service.Name} exited with the broker down:{Environment.NewLine}{Logs()}");
                ports.Add(port!.Value);
            }

            foreach (var port in ports)
            {
                await Eventually.WaitForAsync(() => HttpProbe.GetAsync(http, port, "/health"), s => s.Status == (int)HttpStatusCode.ServiceUnavailable, Patience,
                    $"/health on {port} to say the broker is down", Logs);
                Assert.Equal((int)HttpStatusCode.OK, (await HttpProbe.GetAsync(http, port, "/alive")).Status);
            }

            var down = TimeProvider.System.GetTimestamp();
            await node.StartAgainAsync();
            foreach (var (port, (service, queue)) in ports.Zip(Stages))
            {
                await Eventually.WaitForAsync(() => HttpProbe.GetAsync(http, port, "/health"), s => s.Status == (int)HttpStatusCode.OK, Patience,
                    $"{service}'s /health to recover", Logs);
                await Eventually.WaitForAsync(async () => (await node.GetQueuesAsync()).Any(q => q.Name == queue && q.Consumers > 0),
                    ok => ok, Patience, $"a consumer on {queue}", Logs);
            }

            output.WriteLine($"every stage healthy and consuming {TimeProvider.System.GetElapsedTime(down).TotalSeconds:0.0} s after the broker started");
            Assert.All(services, s => Assert.False(s.HasExited));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
                output.WriteLine(service.OutputTail(100));
            }
        }
    }
}
