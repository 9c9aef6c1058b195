using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector;

internal static class Extensions
{
    public static IHostApplicationBuilder AddLanguageDetector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LanguageDetectionOptions>()
            .BindConfiguration(LanguageDetectionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.TryGetLanguages(out _, out _), "LanguageDetection:Languages names an unknown ISO 639-1 code.")
            .Validate(o => Enum.IsDefined(o.Engine), "LanguageDetection:Engine must be Fast or Lingua.")
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.IndexPath) ? File.Exists(o.IndexPath) : true,
                "LanguageDetection:IndexPath names a file that does not exist.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ILanguageIdentifier>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LanguageDetectionOptions>>();
            return options.Value.Engine == LanguageDetectionEngine.Lingua
                ? new LinguaLanguageIdentifier(options)
                : new NgramLanguageIdentifier(options);
        });
        // Registered before the bus so its hosted service starts consuming only once detection is ready.
        builder.Services.AddHostedService<LanguageIdentifierWarmUp>();
        builder.AddIngestBus(
            x => x.AddConsumer<DetectLanguageConsumer, DetectLanguageConsumerDefinition>(),
            cfg =>
            {
                cfg.DeclareDownstreamQueue<LanguageDetected>(QueueNames.Storage);
                cfg.DeclareDownstreamQueue<DocumentRejected>(QueueNames.StorageRejections);
            });
        return builder;
    }
}
