using System.Diagnostics;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.LanguageDetector.Bench;

/// <summary>
/// The language-detector service itself, end to end: its built dll started as a process by the tests'
/// ServiceProcess, against the tests' RabbitMQ (RabbitMqFixture: <c>INGEST_TEST_RABBITMQ</c>, management API at
/// <c>INGEST_TEST_RABBITMQ_MANAGEMENT</c>, else a Testcontainer) in a virtual host of its own. "Ready" is when the
/// broker sees its consumer on the language-detector queue (a passive declare, which the queue answers live;
/// the management API's figures lag by its statistics interval), memory is /proc's VmRSS and VmHWM after the
/// service has detected <paramref name="documents"/>.
/// </summary>
internal static class ServiceProbe
{
    public sealed record Result(int Runs, double ReadySecondsMedian, double ReadySecondsMax, int Documents, double ProcessSeconds, double RssMegabytes, double PeakRssMegabytes);

    public static async Task<Result> RunAsync(IReadOnlyList<string> documents, int runs)
    {
        var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        var ready = new List<double>();
        Result? last = null;
        try
        {
            for (var run = 0; run < runs; run++)
            {
                var vhost = await broker.CreateVirtualHostAsync();
                try
                {
                    var factory = new ConnectionFactory
                    {
                        HostName = vhost.Host, Port = vhost.Port, VirtualHost = vhost.VirtualHost, UserName = vhost.Username, Password = vhost.Password,
                    };
                    await using var connection = await factory.CreateConnectionAsync();
                    var clock = Stopwatch.StartNew();
                    await using var service = ServiceProcess.Start("IngestPlatform.LanguageDetector", vhost.ToEnvironment());
                    await WaitForAsync(connection, QueueNames.LanguageDetector, ok => ok.ConsumerCount >= 1, service, TimeSpan.FromSeconds(60));
                    ready.Add(clock.Elapsed.TotalSeconds);

                    // Only the last run also processes documents (the figures of interest are after real work).
                    if (run < runs - 1)
                    {
                        continue;
                    }

                    var bus = await TestBus.StartAsync(vhost);
                    var work = Stopwatch.StartNew();
                    try
                    {
                        foreach (var text in documents)
                        {
                            await bus.Publish(Normalized(text));
                        }

                        // The service publishes LanguageDetected, which waits in the storage queue (no storage here).
                        await WaitForAsync(connection, QueueNames.Storage, ok => ok.MessageCount >= documents.Count, service, TimeSpan.FromMinutes(5));
                    }
                    finally
                    {
                        await bus.StopAsync();
                    }

                    var processSeconds = work.Elapsed.TotalSeconds;
                    var status = File.ReadAllLines($"/proc/{service.Id}/status");
                    double Kilobytes(string key) => double.Parse(status.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                    last = new Result(0, 0, 0, documents.Count, processSeconds, Kilobytes("VmRSS") / 1024, Kilobytes("VmHWM") / 1024);
                }
                finally
                {
                    await broker.DeleteVirtualHostAsync(vhost);
                }
            }
        }
        finally
        {
            await broker.DisposeAsync();
        }

        ready.Sort();
        return last! with { Runs = runs, ReadySecondsMedian = ready[ready.Count / 2], ReadySecondsMax = ready[^1] };
    }

    private static async Task WaitForAsync(IConnection connection, string queue, Func<QueueDeclareOk, bool> condition, ServiceProcess service, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (service.HasExited)
            {
                throw new InvalidOperationException($"The service exited before '{queue}' was ready:{Environment.NewLine}{service.Output}");
            }

            // A passive declare of a queue not declared yet closes the channel: a fresh one per poll.
            await using (var channel = await connection.CreateChannelAsync())
            {
                try
                {
                    if (condition(await channel.QueueDeclarePassiveAsync(queue)))
                    {
                        return;
                    }
                }
                catch (OperationInterruptedException)
                {
                    // Not declared yet.
                }
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"'{queue}' not ready after {timeout}.");
            }

            await Task.Delay(10);
        }
    }

    private static DocumentNormalized Normalized(string text) => Messages.DocumentNormalized(text, $"{Guid.NewGuid():N}.txt");
}
