using System.Diagnostics;
using System.Text;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using Npgsql;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// A broker fault while the normalizer, the detector and storage (as processes) are mid-message, on a RabbitMQ node of
/// the test's own, since the shared one serves the tests running in parallel: 1,000 files published, the fault injected
/// once the first are stored, then every file must be stored once, nothing dead-lettered, no failure recorded. What
/// MassTransit's retries do while the broker is away or silent must not dead-letter anything.
/// </summary>
public static class BrokerFaultScenario
{
    // Enough that the fault meets work in flight on a quiet machine too: 300 went through in ~3 s and a soak run's
    // fault came after the last of them was stored, testing nothing.
    private const int Files = 1000;

    // MassTransit's dead-letter queue of every queue the pipeline consumes.
    private static readonly string[] ErrorQueues = [.. QueueNames.All.Select(q => q.Name + "_error")];

    /// <summary>Runs the burst, applies <paramref name="fault"/> (which returns once the broker is reachable again), checks.</summary>
    public static async Task RunAsync(PostgresFixture database, ITestOutputHelper output, RabbitMqNode node, string fault, Func<Task> applyFault)
    {
        var connectionString = await database.CreateDatabaseAsync();
        var services = new List<ServiceProcess>();
        try
        {
            foreach (var name in new[] { Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer })
            {
                services.Add(ServiceProcess.Start(name, new Dictionary<string, string>(node.VirtualHost.ToEnvironment())
                {
                    ["ConnectionStrings__Ingest"] = connectionString,
                }));
            }

            string Logs() => string.Join(Environment.NewLine, services.Select(s => s.Output));
            foreach (var queue in new[] { QueueNames.Storage, QueueNames.LanguageDetector, QueueNames.Normalizer })
            {
                await Eventually.WaitForAsync(() => ConsumersAsync(node, queue), n => n > 0, TimeSpan.FromSeconds(90), $"a consumer on {queue}", Logs);
            }

            var bus = await TestBus.StartAsync(node.VirtualHost);
            for (var i = 0; i < Files; i++)
            {
                await bus.Publish(Discovered(i));
            }

            await bus.StopAsync();
            var clock = Stopwatch.StartNew();
            while (await CountAsync(connectionString) < 10)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"the burst did not start{Environment.NewLine}{Logs()}");
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }

            var storedAtFault = await CountAsync(connectionString);
            Assert.True(storedAtFault < Files, $"all {Files} files were stored before the fault: it met no work in flight");
            await applyFault();
            var backAt = DateTimeOffset.UtcNow;

            await Eventually.WaitForAsync(() => CountAsync(connectionString), n => n >= Files, TimeSpan.FromMinutes(4), $"{Files} files stored", Logs);
            // Settled: the stage queues drained, so nothing still in flight can land in an error queue after this.
            foreach (var queue in new[] { QueueNames.Normalizer, QueueNames.LanguageDetector, QueueNames.Storage, QueueNames.StorageFaults })
            {
                await Eventually.WaitForAsync(async () => (await PassiveAsync(node, queue))?.MessageCount ?? 0, n => n == 0,
                    TimeSpan.FromMinutes(2), $"{queue} drained", Logs);
            }

            // The recovery time: files held by the stages when the fault began may be stored during it (storage still
            // reaches PostgreSQL), so the last row says little; the pipeline has recovered once every queue has drained.
            var recovery = DateTimeOffset.UtcNow - backAt;
            var settled = await ErrorCountsAsync(node);
            output.WriteLine($"{storedAtFault} of {Files} stored when {fault}; every file stored and every queue drained " +
                $"{recovery.TotalSeconds:F1} s after the broker was reachable again");

            Assert.Equal(Files, await CountAsync(connectionString));
            Assert.Equal(Files, await ScalarAsync(connectionString, "SELECT count(DISTINCT relative_path) FROM document_sources"));
            Assert.Equal(0, await ScalarAsync(connectionString, "SELECT count(*) FROM ingest_failures"));
            Assert.All(settled, q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value} messages"));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
                output.WriteLine(service.Output);
            }

            await database.DropDatabaseAsync(connectionString);
        }
    }

    private static FileDiscovered Discovered(int i)
    {
        var content = Encoding.UTF8.GetBytes(
            $"Article numéro {i}. Le conseil municipal s'est réuni mardi soir pour voter le budget de l'année {2000 + i}, " +
            "après un long débat sur la rénovation des écoles et le prix de l'eau dans la commune.");
        return Messages.FileDiscovered($"article-{i:0000}.txt", content);
    }

    private static async Task<uint> ConsumersAsync(RabbitMqNode node, string queue) =>
        (await PassiveAsync(node, queue))?.ConsumerCount ?? 0;

    /// <summary>Exact counts over AMQP (the node has no management plugin); a queue never declared counts as empty.</summary>
    private static async Task<Dictionary<string, uint>> ErrorCountsAsync(RabbitMqNode node)
    {
        var counts = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var queue in ErrorQueues)
        {
            counts[queue] = (await PassiveAsync(node, queue))?.MessageCount ?? 0;
        }

        return counts;
    }

    private static async Task<QueueDeclareOk?> PassiveAsync(RabbitMqNode node, string queue)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = node.Port, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    private static Task<long> CountAsync(string connectionString) =>
        ScalarAsync(connectionString, "SELECT CASE WHEN to_regclass('public.document_sources') IS NULL THEN 0 ELSE (SELECT count(*) FROM document_sources) END");

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
