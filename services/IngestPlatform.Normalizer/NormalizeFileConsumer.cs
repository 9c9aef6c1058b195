using IngestPlatform.Contracts;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.ServiceDefaults;
using MassTransit;

namespace IngestPlatform.Normalizer;

/// <summary>Adapter between the bus and <see cref="TextNormalizer"/>.</summary>
public sealed class NormalizeFileConsumer(
    TextNormalizer normalizer,
    IngestMetrics metrics,
    ILogger<NormalizeFileConsumer> logger) : IConsumer<FileDiscovered>
{
    private static readonly string Version = StageVersion.Of<NormalizeFileConsumer>(Stages.Normalizer);

    public async Task Consume(ConsumeContext<FileDiscovered> context)
    {
        var source = context.Message.Source;
        var result = normalizer.Normalize(context.Message.Content);

        if (result.Document is not { } document)
        {
            // Bad input is the file's fault, not a transient one: no retry, an explained rejection
            // that storage records, so the file is accounted for.
            logger.LogWarning("Rejected {File}: {Reason}", source.RelativePath, result.RejectionReason);
            metrics.FilesRejected.Add(1, new KeyValuePair<string, object?>("stage", Stages.Normalizer));
            await context.Publish(
                new DocumentRejected(source, Stages.Normalizer, result.RejectionReason!, DateTimeOffset.UtcNow),
                context.CancellationToken);
            return;
        }

        var metadata = document.Metadata;
        await context.Publish(
            new DocumentNormalized(
                source,
                document.Encoding,
                document.Title,
                document.Text,
                document.OriginalText,
                document.NormalizedSha256,
                new ArticleMetadata(metadata.PublicationDate, metadata.SourceUrl, metadata.Outlet, metadata.Copyright, metadata.PhotoCredits),
                document.WordCount,
                new StageStamp(Version, DateTimeOffset.UtcNow),
                document.EncodingConfidence,
                document.EncodingCandidates is { Count: > 0 } candidates
                    ? candidates.Select(c => new EncodingCandidate(c.Encoding, c.Score)).ToList()
                    : null),
            context.CancellationToken);
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
        endpointConfigurator.UseBrokerRetry();
    }
}
