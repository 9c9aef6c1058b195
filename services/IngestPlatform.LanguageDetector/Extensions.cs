using IngestPlatform.Contracts;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;
using MassTransit;

namespace IngestPlatform.LanguageDetector;

internal static class Extensions
{
    public static IHostApplicationBuilder AddLanguageDetector(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LanguageDetectionOptions>()
            .BindConfiguration(LanguageDetectionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.TryGetLanguages(out _, out _), "LanguageDetection:Languages names an unknown ISO 639-1 code.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ILanguageIdentifier, LinguaLanguageIdentifier>();
        builder.AddIngestBus(
            x => x.AddConsumer<DetectLanguageConsumer, DetectLanguageConsumerDefinition>(),
            cfg => cfg.DeclareDownstreamQueue<LanguageDetected>(QueueNames.Storage));
        return builder;
    }
}
