using System.Diagnostics.Metrics;
using IngestPlatform.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace IngestPlatform.ServiceDefaults.Tests;

/// <summary>
/// A service built with <c>AddIngestBus</c> publishes the depth of the queues it consumes (issue 12: "queue depth seen by
/// the consumer"), read from the real broker: a consumer that holds one message while nine wait must report nine
/// waiting and one consumer on its queue, and zero once it lets them through.
/// </summary>
public sealed class When_a_consumer_reads_its_queue_depth(RabbitMqFixture broker, ITestOutputHelper output) : IClassFixture<RabbitMqFixture>
{
    private const string Queue = "depth-probe";

    [Fact]
    public async Task Should_report_the_messages_waiting_in_its_own_queue()
    {
        var vhost = await broker.CreateVirtualHostAsync();
        var payloads = Directory.CreateTempSubdirectory("ingest-depth-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            vhost.ToEnvironment().Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value))
                .Append(KeyValuePair.Create("Payloads:Path", (string?)payloads))
                .Append(KeyValuePair.Create("RabbitMq:QueueDepthInterval", (string?)"00:00:00.500")));
        builder.Services.AddSingleton<Gate>();
        builder.AddIngestBus(x => x.AddConsumer<HeldConsumer>().Endpoint(e =>
        {
            e.Name = Queue;
            e.ConcurrentMessageLimit = 1;
            e.PrefetchCount = 1;
        }));
        using var host = builder.Build();

        var readings = new Dictionary<(string Instrument, string Queue), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestMetrics.MeterName && instrument.Name.StartsWith("ingest.queue.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var queue = tags.ToArray().Single(t => t.Key == "queue").Value as string ?? "";
            lock (readings)
            {
                readings[(instrument.Name, queue)] = value;
            }
        });
        listener.Start();

        long? Reading(string instrument)
        {
            listener.RecordObservableInstruments();
            lock (readings)
            {
                return readings.TryGetValue((instrument, Queue), out var value) ? value : null;
            }
        }

        await host.StartAsync();
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            await Eventually.WaitForAsync(() => broker.GetQueuesAsync(vhost), q => q.Any(x => x.Name == Queue && x.Consumers == 1),
                TimeSpan.FromSeconds(60), "the consumer on its queue");
            for (var i = 0; i < 10; i++)
            {
                await bus.Publish(new DepthProbe(i));
            }

            // One message in the consumer's hands (unacknowledged), nine ready.
            var waiting = await Eventually.WaitForAsync(() => Task.FromResult(Reading("ingest.queue.ready")), r => r == 9,
                TimeSpan.FromSeconds(30), "nine messages ready");
            output.WriteLine($"held one: ingest.queue.ready = {waiting}, ingest.queue.consumers = {Reading("ingest.queue.consumers")}");
            Assert.Equal(1, Reading("ingest.queue.consumers"));

            host.Services.GetRequiredService<Gate>().Open.TrySetResult();
            var drained = await Eventually.WaitForAsync(() => Task.FromResult(Reading("ingest.queue.ready")), r => r == 0,
                TimeSpan.FromSeconds(30), "the queue drained");
            output.WriteLine($"released: ingest.queue.ready = {drained}");
        }
        finally
        {
            host.Services.GetRequiredService<Gate>().Open.TrySetResult();
            await host.StopAsync();
            await broker.DeleteVirtualHostAsync(vhost);
            Directory.Delete(payloads, recursive: true);
        }
    }

    public sealed record DepthProbe(int Number);

    public sealed class Gate
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class HeldConsumer(Gate gate) : IConsumer<DepthProbe>
    {
        public Task Consume(ConsumeContext<DepthProbe> context) => gate.Open.Task;
    }
}
