using System.Diagnostics.Metrics;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using IngestPlatform.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// The consumer in memory (MassTransit's test harness) with the real payload store and <see cref="IngestMetrics"/>: a
/// text whose claim check is gone from the store is refused, published with its code and counted under it, like every
/// other stage's refusals.
/// </summary>
public class When_the_detector_cannot_read_its_text
{
    [Fact]
    public async Task Should_reject_the_document_as_payload_missing_and_count_it()
    {
        var root = Directory.CreateTempSubdirectory("ingest-detector-refusal-").FullName;
        try
        {
            var options = Options.Create(new LanguageDetectionOptions());
            await using var provider = new ServiceCollection()
                .AddMetrics()
                .AddSingleton<IngestMetrics>()
                .AddSingleton(options)
                .AddSingleton<ILanguageIdentifier>(new NgramLanguageIdentifier(options))
                .AddPayloadStore().Configure(o => o.Path = root).Services
                .AddMassTransitTestHarness(x => x.AddConsumer<DetectLanguageConsumer>())
                .BuildServiceProvider(true);
            using var refusals = new CounterRecorder(provider.GetRequiredService<IMeterFactory>(), "ingest.files.rejected");
            var harness = provider.GetRequiredService<ITestHarness>();
            await harness.Start();

            var now = DateTimeOffset.UtcNow;
            var source = new SourceFile(Guid.NewGuid(), "gone.txt", "gone.txt", 123_456, "", now, now, now);
            await harness.Bus.Publish(new DocumentNormalized(
                source, "utf-8", "Titre", "", "", "", new ArticleMetadata(null, null, null, null, []), 0, new StageStamp("test", now),
                TextPayload: new PayloadReference(new string('0', 64), 123_456)));

            // The first rejection, as soon as it is there: the consumer counts before it publishes.
            var rejected = (await harness.Published.SelectAsync<DocumentRejected>().FirstAsync()).Context.Message;
            Assert.Equal((Stages.LanguageDetector, RefusalReasons.PayloadMissing), (rejected.Stage, rejected.ReasonCode));
            Assert.Equal([$"{Stages.LanguageDetector}/{RefusalReasons.PayloadMissing}"], refusals.Counted(RefusalMetrics.StageTag, RefusalMetrics.ReasonTag));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
