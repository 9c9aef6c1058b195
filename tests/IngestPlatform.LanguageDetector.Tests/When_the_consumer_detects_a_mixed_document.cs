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

/// <summary>The consumer in memory (MassTransit's test harness) around the real fast engine.</summary>
public class When_the_consumer_detects_a_mixed_document
{
    private const string French =
        "Le gouvernement a présenté mardi un projet de loi sur la réforme des retraites, qui sera débattu à l'Assemblée nationale dès la semaine prochaine.\n";

    private const string English =
        "The government presented a pension reform bill on Tuesday, which will be debated in parliament next week.\n";

    [Fact]
    public async Task Should_publish_the_segments_when_asked_to()
    {
        var detected = await DetectAsync(French + English + French, detectSegments: true);

        Assert.Equal("fr", detected.Language);
        Assert.Equal(["fr", "en", "fr"], detected.Segments.Select(s => s.Language));
        Assert.Equal(English, (French + English + French).Substring(detected.Segments[1].Start, detected.Segments[1].Length));
    }

    [Fact]
    public async Task Should_publish_no_segments_for_a_document_in_one_language()
    {
        var detected = await DetectAsync(French + French, detectSegments: true);

        Assert.Equal("fr", detected.Language);
        Assert.Empty(detected.Segments);
    }

    [Fact]
    public async Task Should_publish_no_segments_when_segment_detection_is_off()
    {
        var detected = await DetectAsync(French + English + French, detectSegments: false);

        Assert.Empty(detected.Segments);
    }

    private static async Task<LanguageDetected> DetectAsync(string text, bool detectSegments)
    {
        var options = Options.Create(new LanguageDetectionOptions { DetectSegments = detectSegments });
        // The engine loads its n-gram index on first use: seconds on a loaded machine, which would count against the
        // harness's quiet time below (CI once gave up on the message after 5 s while the index loaded). Loaded here.
        var identifier = new NgramLanguageIdentifier(options);
        identifier.Identify(text);
        await using var provider = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<IngestMetrics>()
            .AddSingleton(options)
            .AddSingleton<ILanguageIdentifier>(identifier)
            .AddPayloadStore().Services
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<DetectLanguageConsumer>();
                // The harness gives up on a publish after 1.2 s without bus activity by default; on a loaded 2-core
                // machine the first message can take longer than that to arrive (the consumer then ran after the
                // test had disposed the provider). Select(...).Single() waits out this quiet time once the message is
                // there, so it is a few seconds, not the 30 s test timeout.
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Messages.DocumentNormalized(text, "mixed.txt"));

        Assert.True(await harness.Published.Any<LanguageDetected>());
        return harness.Published.Select<LanguageDetected>().Single().Context.Message;
    }
}
