using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.ServiceDefaults;
using MassTransit;

namespace IngestPlatform.Normalizer;

internal static class Extensions
{
    public static IHostApplicationBuilder AddNormalizer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TextNormalizer>();
        builder.AddIngestBus(
            x => x.AddConsumer<NormalizeFileConsumer, NormalizeFileConsumerDefinition>(),
            cfg =>
            {
                cfg.DeclareDownstreamQueue<DocumentNormalized>(QueueNames.LanguageDetector);
                cfg.DeclareDownstreamQueue<DocumentRejected>(QueueNames.StorageRejections);
            });
        return builder;
    }
}
