using System.Runtime.CompilerServices;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults.Payloads;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults;

/// <summary>MassTransit over RabbitMQ, set up the same way in every service.</summary>
public static class BusExtensions
{
    /// <summary>The largest message body a service receives: RabbitMQ 3.x's default <c>max_message_size</c>.</summary>
    public const uint MaxInboundMessageBytes = 128 * 1024 * 1024;

    // The queue type of the bus being configured, for DeclareDownstreamQueue, which the services call with the bus
    // configurator only.
    private static readonly ConditionalWeakTable<IRabbitMqBusFactoryConfigurator, object> QueueTypes = [];

    /// <summary>
    /// Registers the bus: kebab-case endpoint names, publisher confirms, the consumers that
    /// <paramref name="configureConsumers"/> adds, and any extra broker topology.
    /// </summary>
    public static IHostApplicationBuilder AddIngestBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        Action<IRabbitMqBusFactoryConfigurator>? configureTopology = null)
    {
        // Large content travels by claim check: every service on the bus reaches the same payload store.
        builder.AddPayloads();
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The platform's meter: every service on the bus counts what it does (and its queues' depth) on /metrics.
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<QueueDepthMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueDepthMonitor>());
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit reports usage to its vendor at start by default; an ingestion service on a
            // closed network must never phone home.
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(x);
            // Every receive endpoint's queue; MassTransit declares its _error and _skipped queues with the same
            // arguments, so they are quorum queues too.
            x.AddConfigureEndpointsCallback((context, queue, endpoint) =>
            {
                context.GetRequiredService<QueueDepthMonitor>().Watch(queue);
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
                    && context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.QueueType == RabbitMqQueueType.Quorum)
                {
                    rabbit.SetQuorumQueue();
                }
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    // Publish returns only once the broker has the message, so callers (the
                    // watcher moving a file away) act on a confirmed fact, never a hope.
                    h.PublisherConfirmation = true;
                    h.Heartbeat(options.Heartbeat);
                    // The .NET client refuses inbound bodies over 64 MiB and closes the channel, so such a message
                    // would be redelivered at the head of its queue for ever, blocking every file behind it. Our
                    // messages stay small (large content goes by claim check), but one from an older version or
                    // another publisher may not: accept whatever RabbitMQ 3.x accepts by default (128 MiB).
                    h.MaxMessageSize(MaxInboundMessageBytes);
                });
                QueueTypes.AddOrUpdate(cfg, options.QueueType);
                cfg.DeclareFaultQueue();
                configureTopology?.Invoke(cfg);
                cfg.ConfigureEndpoints(context);
            });
        });

        // Start does not wait for the broker: with RabbitMQ down the host would otherwise never reach Kestrel, so
        // /alive would not answer and an orchestrator would restart a healthy process in a loop. The bus keeps
        // connecting in the background and /health says 503 until it has. Stop waits for in-flight messages
        // instead of cutting them off mid-write.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }

    /// <summary>
    /// Declares the durable queue of the stage that consumes <typeparamref name="TMessage"/> and binds it
    /// to the message's exchange, from the publishing side. RabbitMQ drops a message published to an
    /// exchange with no queue bound; without this, a file taken while the next stage had never run
    /// would be confirmed by the broker and then lost. The queue is bound straight to the message
    /// exchange; when the consumer starts it adds MassTransit's usual path through an exchange of the
    /// queue's name, and RabbitMQ still puts one copy in the queue however many paths lead there. Declared with the
    /// bus's <see cref="RabbitMqOptions.QueueType"/>, as the consumer declares it: any other argument is a 406.
    /// </summary>
    public static void DeclareDownstreamQueue<TMessage>(this IRabbitMqBusFactoryConfigurator cfg, string queueName)
        where TMessage : class
    {
        var quorum = QueueTypes.TryGetValue(cfg, out var type) && type is RabbitMqQueueType.Quorum;
        cfg.Publish<TMessage>(p => p.BindQueue(p.Exchange.ExchangeName, queueName, q =>
        {
            if (quorum)
            {
                q.SetQuorumQueue();
            }
        }));
    }

    /// <summary>
    /// Every service can fault a message after its retries; MassTransit then publishes <c>Fault&lt;T&gt;</c>.
    /// Declared from every side, like <see cref="DeclareDownstreamQueue{TMessage}"/>, so a fault raised while
    /// storage is down waits in <see cref="QueueNames.StorageFaults"/> to be recorded in <c>ingest_failures</c>.
    /// </summary>
    private static void DeclareFaultQueue(this IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.DeclareDownstreamQueue<Fault<FileDiscovered>>(QueueNames.StorageFaults);
        cfg.DeclareDownstreamQueue<Fault<DocumentNormalized>>(QueueNames.StorageFaults);
        cfg.DeclareDownstreamQueue<Fault<LanguageDetected>>(QueueNames.StorageFaults);
        cfg.DeclareDownstreamQueue<Fault<DocumentRejected>>(QueueNames.StorageFaults);
    }
}
