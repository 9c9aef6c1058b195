using IngestPlatform.Contracts;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector;

/// <summary>Adapter between the bus and <see cref="ILanguageIdentifier"/>.</summary>
public sealed class DetectLanguageConsumer(ILanguageIdentifier identifier, IOptions<LanguageDetectionOptions> options)
    : IConsumer<DocumentNormalized>
{
    private readonly string _version = $"{StageVersion.Of<DetectLanguageConsumer>(Stages.LanguageDetector)} ({options.Value.Engine})".ToLowerInvariant();

    public async Task Consume(ConsumeContext<DocumentNormalized> context)
    {
        // Synchronous on purpose: the fast engine samples long documents, so a call is bounded to well under
        // a millisecond; handing it to another pool thread would cost more than it frees. The endpoint's
        // ConcurrentMessageLimit (about the core count) keeps CPU work from starving the bus's own I/O.
        var guess = identifier.Identify(context.Message.Text);
        await context.Publish(
            new LanguageDetected(
                context.Message, guess.Language, guess.Confidence, guess.RunnerUp, new StageStamp(_version, DateTimeOffset.UtcNow)),
            context.CancellationToken);
    }
}

public sealed class DetectLanguageConsumerDefinition : ConsumerDefinition<DetectLanguageConsumer>
{
    private readonly int _concurrency;

    public DetectLanguageConsumerDefinition(IOptions<LanguageDetectionOptions> options)
    {
        EndpointName = QueueNames.LanguageDetector;
        _concurrency = options.Value.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DetectLanguageConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Detection is CPU-bound: more messages in flight than cores only queues work in memory
        // that another replica could be doing.
        endpointConfigurator.ConcurrentMessageLimit = _concurrency;
        endpointConfigurator.UseBrokerRetry();
    }
}
