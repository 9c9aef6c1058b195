using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using IngestPlatform.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>The consumer in memory (MassTransit's test harness) around the real normalizer.</summary>
public class When_the_consumer_normalizes_a_legacy_file
{
    [Fact]
    public async Task Should_publish_the_encoding_with_its_confidence()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = "Права человека\nВсе люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью.";
        var normalized = await NormalizeAsync(Encoding.GetEncoding("ibm866").GetBytes(text));

        Assert.Equal("ibm866", normalized.Encoding);
        Assert.InRange(normalized.EncodingConfidence, TextDecoder.CloseChoice, 1.0);
        Assert.Null(normalized.EncodingCandidates);
    }

    [Fact]
    public async Task Should_publish_the_candidates_when_the_choice_was_close()
    {
        // One non-ASCII byte: "£" in windows-1252, "г" in IBM866, "Ј" in windows-1251.
        var bytes = Encoding.ASCII.GetBytes("Price list\nItem 4 costs 825 ").Append((byte)0xA3).Concat(Encoding.ASCII.GetBytes(" each, as agreed.")).ToArray();
        var normalized = await NormalizeAsync(bytes);

        Assert.True(normalized.EncodingConfidence < TextDecoder.CloseChoice, $"confidence {normalized.EncodingConfidence}");
        var candidates = Assert.IsAssignableFrom<IReadOnlyList<EncodingCandidate>>(normalized.EncodingCandidates);
        Assert.True(candidates.Count >= 2);
        Assert.Equal(normalized.Encoding, candidates[0].Encoding);
    }

    private static async Task<DocumentNormalized> NormalizeAsync(byte[] bytes)
    {
        await using var provider = new ServiceCollection()
            .AddMetrics()
            .AddLogging()
            .AddSingleton<IngestMetrics>()
            .AddSingleton<TextNormalizer>()
            .AddPayloadStore().Services
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<NormalizeFileConsumer>();
                // The harness gives up on a publish after 1.2 s without bus activity by default; on a loaded 2-core
                // machine the first message can take longer than that to arrive (the consumer then ran after the
                // test had disposed the provider). Select(...).Single() waits out this quiet time once the message is
                // there, so it is a few seconds, not the 30 s test timeout.
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Messages.FileDiscovered("a.txt", bytes));

        Assert.True(await harness.Published.Any<DocumentNormalized>());
        return harness.Published.Select<DocumentNormalized>().Single().Context.Message;
    }
}
