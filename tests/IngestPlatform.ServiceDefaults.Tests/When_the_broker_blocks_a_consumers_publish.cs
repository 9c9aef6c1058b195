using IngestPlatform.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IngestPlatform.ServiceDefaults.Tests;

/// <summary>
/// A stage's publish that the broker never confirms, as RabbitMQ makes it under a memory alarm (every publishing
/// connection blocked: the publish neither fails nor confirms) and as RabbitMQ.Client 7.2 can leave it for good after a
/// broker restart (rabbitmq-dotnet-client#1930). The normalizer and the detector publish through
/// <see cref="ConfirmedPublish"/> with <see cref="RetryPolicies.UseBrokerRetry"/>, as this test's relay does: the wait must
/// end after <c>RabbitMq__PublishTimeout</c> and be tried again, never hold the message (and the stage's slot) for as
/// long as the broker stays silent; nothing may go to <c>_error</c>; once the broker takes publishes again, the relayed
/// message arrives. On a RabbitMQ node of the test's own (the alarm blocks every publisher of a node).
/// </summary>
[Collection(nameof(When_the_broker_blocks_a_consumers_publish))]
public sealed class When_the_broker_blocks_a_consumers_publish(ITestOutputHelper output)
{
    private const string Queue = "relay-probe";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Should_give_up_each_wait_after_the_timeout_and_relay_the_message_once_the_alarm_clears()
    {
        await using var node = await RabbitMqNode.StartAsync();
        var payloads = Directory.CreateTempSubdirectory("ingest-blocked-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            node.VirtualHost.ToEnvironment().Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value))
                .Append(KeyValuePair.Create("Payloads:Path", (string?)payloads))
                .Append(KeyValuePair.Create("RabbitMq:PublishTimeout", (string?)PublishTimeout.ToString()))
                .Append(KeyValuePair.Create("RabbitMq:QueueDepthInterval", (string?)"00:00:00")));
        builder.Services.AddSingleton<Relay>();
        builder.AddIngestBus(x =>
        {
            x.AddConsumer<RelayConsumer, RelayConsumerDefinition>();
            x.AddConsumer<ArrivalConsumer>().Endpoint(e => e.Name = "relay-arrivals");
        });
        using var host = builder.Build();
        var relay = host.Services.GetRequiredService<Relay>();

        await host.StartAsync();
        try
        {
            // The host does not wait for the bus (WaitUntilStarted is off so /alive answers without a broker): a probe
            // published before both endpoints are bound would be dropped as unroutable. A loaded CI machine hit that.
            await Eventually.WaitForAsync(() => node.GetQueuesAsync(),
                q => q.Any(x => x.Name == Queue && x.Consumers == 1) && q.Any(x => x.Name == "relay-arrivals" && x.Consumers == 1),
                TimeSpan.FromSeconds(60), "both consumers on their queues");
            await host.Services.GetRequiredService<IBus>().Publish(new RelayProbe(1));
            await relay.Received.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // The message is in the consumer's hands; from now on every publish of the node is blocked.
            await node.SetAlarmAsync("memory", raised: true);
            relay.Release.TrySetResult();

            // Unbounded, the first publish would wait until the alarm clears: no second attempt, ever.
            await Eventually.WaitUntilAsync(() => relay.TimedOut >= 2, TimeSpan.FromSeconds(60),
                "the consumer giving up on an unconfirmed publish and trying again", () => $"{relay.Attempts} attempts, {relay.TimedOut} timed out");
            output.WriteLine($"while blocked: {relay.Attempts} attempts, {relay.TimedOut} gave up after {PublishTimeout.TotalSeconds} s each");
            Assert.Equal(0, relay.Arrived);

            await node.SetAlarmAsync("memory", raised: false);
            await Eventually.WaitUntilAsync(() => relay.Arrived >= 1, TimeSpan.FromSeconds(60), "the relayed message after the alarm cleared",
                () => $"{relay.Attempts} attempts, {relay.TimedOut} timed out");
            var queues = await Eventually.WaitForAsync(() => node.GetQueuesAsync(), q => q.Any(x => x.Name == Queue && x.Messages == 0),
                TimeSpan.FromSeconds(60), "the probe's queue drained");
            output.WriteLine($"after the alarm: {relay.Arrived} relayed copies (duplicates are the next stage's to absorb); queues: "
                + string.Join(", ", queues.Select(q => $"{q.Name}={q.Messages}")));
            Assert.DoesNotContain(queues, q => q.Name == $"{Queue}_error" && q.Messages > 0);
        }
        finally
        {
            relay.Release.TrySetResult();
            await host.StopAsync();
            Directory.Delete(payloads, recursive: true);
        }
    }

    public sealed record RelayProbe(int Number);

    public sealed record Relayed(int Number);

    public sealed class Relay
    {
        private int _attempts;
        private int _timedOut;
        private int _arrived;

        public TaskCompletionSource Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Attempts => Volatile.Read(ref _attempts);

        public int TimedOut => Volatile.Read(ref _timedOut);

        public int Arrived => Volatile.Read(ref _arrived);

        public void Attempted() => Interlocked.Increment(ref _attempts);

        public void GaveUp() => Interlocked.Increment(ref _timedOut);

        public void Arrival() => Interlocked.Increment(ref _arrived);
    }

    /// <summary>A stage in miniature: takes a message and publishes its result as the normalizer and detector do.</summary>
    public sealed class RelayConsumer(Relay relay, IOptions<RabbitMqOptions> broker) : IConsumer<RelayProbe>
    {
        public async Task Consume(ConsumeContext<RelayProbe> context)
        {
            relay.Attempted();
            relay.Received.TrySetResult();
            await relay.Release.Task;
            try
            {
                await context.PublishConfirmed(new Relayed(context.Message.Number), broker.Value.PublishTimeout);
            }
            catch (PublishNotConfirmedException)
            {
                relay.GaveUp();
                throw;
            }
        }
    }

    public sealed class RelayConsumerDefinition : ConsumerDefinition<RelayConsumer>
    {
        public RelayConsumerDefinition() => EndpointName = Queue;

        protected override void ConfigureConsumer(
            IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RelayConsumer> consumerConfigurator, IRegistrationContext context) =>
            endpointConfigurator.UseBrokerRetry(consumerConfigurator);
    }

    public sealed class ArrivalConsumer(Relay relay) : IConsumer<Relayed>
    {
        public Task Consume(ConsumeContext<Relayed> context)
        {
            relay.Arrival();
            return Task.CompletedTask;
        }
    }
}
