using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector;

/// <summary>Adapter between the bus and <see cref="ILanguageIdentifier"/>.</summary>
public sealed class DetectLanguageConsumer(
    ILanguageIdentifier identifier,
    PayloadStore payloads,
    PayloadBudget budget,
    IngestMetrics metrics,
    IOptions<LanguageDetectionOptions> options,
    IOptions<RabbitMqOptions> broker)
    : IConsumer<DocumentNormalized>
{
    private readonly TimeSpan _publishTimeout = broker.Value.PublishTimeout;

    private readonly bool _detectSegments = options.Value.DetectSegments;

    private readonly string _version = $"{StageVersion.Of<DetectLanguageConsumer>(Stages.LanguageDetector)} ({options.Value.Engine})".ToLowerInvariant();

    public async Task Consume(ConsumeContext<DocumentNormalized> context)
    {
        // Synchronous on purpose: the fast engine samples long documents, so a call is bounded to well under
        // a millisecond; handing it to another pool thread would cost more than it frees. The endpoint's
        // ConcurrentMessageLimit bounds how many wait for their publish confirmations at once.
        var message = context.Message;
        using var _ = await budget.AcquireAsync(message.TextPayload?.Length ?? message.Text.Length, context.CancellationToken);
        // A text that came by claim check is read for detection only; the message passed on keeps the claim
        // check, so the text is not copied into another message.
        string text;
        try
        {
            text = await payloads.TextAsync(message.Text, message.TextPayload, context.CancellationToken);
        }
        catch (PayloadMissingException e)
        {
            metrics.CountRefusal(Stages.LanguageDetector, RefusalReasons.PayloadMissing);
            await context.PublishConfirmed(
                new DocumentRejected(message.Source, Stages.LanguageDetector, e.Message, DateTimeOffset.UtcNow, ReasonCode: RefusalReasons.PayloadMissing),
                _publishTimeout);
            return;
        }

        var guess = identifier.Identify(text);
        await context.PublishConfirmed(
            new LanguageDetected(
                context.Message, guess.Language, guess.Confidence, guess.RunnerUp, new StageStamp(_version, DateTimeOffset.UtcNow),
                _detectSegments ? MixedSegments(text) : []),
            _publishTimeout);
    }

    /// <summary>The stretches of the text, or none when they are all in one language (the common case).</summary>
    private IReadOnlyList<LanguageSpan> MixedSegments(string text)
    {
        var segments = identifier.IdentifySegments(text);
        return segments.Select(s => s.Guess.Language).Distinct(StringComparer.Ordinal).Skip(1).Any()
            ? [.. segments.Select(s => new LanguageSpan(s.Start, s.Length, s.Guess.Language, s.Guess.Confidence))]
            : [];
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
        endpointConfigurator.UseBrokerRetry(consumerConfigurator);
    }
}
