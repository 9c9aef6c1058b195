using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Normalizer;

/// <summary>Adapter between the bus and <see cref="TextNormalizer"/>.</summary>
public sealed class NormalizeFileConsumer(
    TextNormalizer normalizer,
    PayloadStore payloads,
    PayloadBudget budget,
    IngestMetrics metrics,
    IOptions<RabbitMqOptions> broker,
    ILogger<NormalizeFileConsumer> logger) : IConsumer<FileDiscovered>
{
    private readonly TimeSpan _publishTimeout = broker.Value.PublishTimeout;

    private static readonly string Version = StageVersion.Of<NormalizeFileConsumer>(Stages.Normalizer);

    public async Task Consume(ConsumeContext<FileDiscovered> context)
    {
        var message = context.Message;
        var source = message.Source;
        // The byte budget, not the prefetch, bounds memory: a big file waits here until it fits.
        using var _ = await budget.AcquireAsync(message.ContentPayload?.Length ?? message.Content.LongLength, context.CancellationToken);
        byte[] content;
        try
        {
            content = message.ContentPayload is { } payload
                ? await payloads.ReadBytesAsync(payload, context.CancellationToken)
                : message.Content;
        }
        catch (PayloadMissingException e)
        {
            await RejectAsync(context, source, RefusalReasons.PayloadMissing, e.Message);
            return;
        }

        // The raw hash is the watcher's (source.RawSha256), not computed again here: a payload was checked against it
        // (length and SHA-256) by ReadBytesAsync, and inline bytes came in the message that carries it.
        var result = normalizer.Normalize(content);
        content = [];

        if (result.Document is not { } document)
        {
            // Bad input is the file's fault, not a transient one: no retry, an explained rejection
            // that storage records, so the file is accounted for.
            await RejectAsync(context, source, result.RejectionCode!, result.RejectionReason!);
            return;
        }

        var (text, textPayload) = await payloads.InlineOrStoreAsync(document.Text, context.CancellationToken);
        var (original, originalPayload) = await payloads.InlineOrStoreAsync(document.OriginalText, context.CancellationToken);
        var normalized = DocumentNormalizedMapping.From(source, document, new StageStamp(Version, DateTimeOffset.UtcNow), message.Reprocess);
        await context.PublishConfirmed(
            normalized with { Text = text, TextPayload = textPayload, OriginalText = original, OriginalTextPayload = originalPayload },
            _publishTimeout);
    }

    private async Task RejectAsync(ConsumeContext context, SourceFile source, string code, string reason)
    {
        logger.LogWarning("Rejected {File}: {Reason}", source.RelativePath, reason);
        metrics.CountRefusal(Stages.Normalizer, code);
        await context.PublishConfirmed(
            new DocumentRejected(source, Stages.Normalizer, reason, DateTimeOffset.UtcNow, ReasonCode: code), _publishTimeout);
    }
}

public sealed class NormalizeFileConsumerDefinition : ConsumerDefinition<NormalizeFileConsumer>
{
    public NormalizeFileConsumerDefinition()
    {
        EndpointName = QueueNames.Normalizer;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<NormalizeFileConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseBrokerRetry(consumerConfigurator);
    }
}
