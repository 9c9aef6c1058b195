using System.Diagnostics.Metrics;
using System.Text;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using IngestPlatform.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// The consumer in memory (MassTransit's test harness) around the real normalizer and the real
/// <see cref="IngestMetrics"/>: each refusal is published with its code and counted under it, read back with a
/// <see cref="MeterListener"/> on this test's own meter.
/// </summary>
public class When_the_consumer_refuses_a_file
{
    public static TheoryData<string, byte[]> Refused => new()
    {
        { RefusalReasons.Binary, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] },
        { RefusalReasons.Empty, [] },
        { RefusalReasons.NoText, Encoding.UTF8.GetBytes(" \n\t \r\n ") },
        // UTF-8 that breaks in the middle (as in When_normalizing_bad_input): refused rather than stored as mojibake.
        { RefusalReasons.Undecodable, [.. Sentence, .. Sentence, 0xC3, 0x28, 0xFF, .. Sentence] },
    };

    private static byte[] Sentence => Encoding.UTF8.GetBytes("Une réponse écrite à ses propositions sur la sécurité européenne. ");

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Should_publish_the_rejection_with_its_code_and_count_it_under_that_reason(string code, byte[] content)
    {
        var (rejected, counted) = await RefuseAsync(new FileDiscovered(Source(content.Length), content));

        Assert.Equal(code, rejected.ReasonCode);
        Assert.Equal(Stages.Normalizer, rejected.Stage);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        Assert.Equal([$"{Stages.Normalizer}/{code}"], counted);
    }

    [Fact]
    public async Task Should_count_a_payload_gone_from_the_store_as_payload_missing()
    {
        var gone = new PayloadReference(new string('0', 64), 123_456);

        var (rejected, counted) = await RefuseAsync(new FileDiscovered(Source(gone.Length), [], gone));

        Assert.Equal(RefusalReasons.PayloadMissing, rejected.ReasonCode);
        Assert.Equal([$"{Stages.Normalizer}/{RefusalReasons.PayloadMissing}"], counted);
    }

    private static SourceFile Source(long size)
    {
        var now = DateTimeOffset.UtcNow;
        return new SourceFile(Guid.NewGuid(), "refused.txt", "refused.txt", size, "", now, now, now);
    }

    /// <summary>The first DocumentRejected the consumer published, and every "stage/reason" it counted.</summary>
    private static async Task<(DocumentRejected Rejected, List<string> Counted)> RefuseAsync(FileDiscovered message)
    {
        var root = Directory.CreateTempSubdirectory("ingest-refusal-").FullName;
        try
        {
            await using var provider = new ServiceCollection()
                .AddMetrics()
                .AddLogging()
                .AddSingleton<IngestMetrics>()
                .AddSingleton<TextNormalizer>()
                .AddPayloadStore().Configure(o => o.Path = root).Services
                .AddMassTransitTestHarness(x =>
                {
                    x.AddConsumer<NormalizeFileConsumer>();
                    // As in When_the_consumer_normalizes_a_legacy_file: room for a slow first message on a loaded machine.
                    x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
                })
                .BuildServiceProvider(true);

            // Only this provider's meter: other tests running in parallel count on meters of the same name.
            using var refusals = new CounterRecorder(provider.GetRequiredService<IMeterFactory>(), "ingest.files.rejected");

            var harness = provider.GetRequiredService<ITestHarness>();
            await harness.Start();
            await harness.Bus.Publish(message);

            // The first rejection, as soon as it is there (not after the harness's quiet time): the consumer counts before it publishes.
            var rejected = (await harness.Published.SelectAsync<DocumentRejected>().FirstAsync()).Context.Message;
            return (rejected, refusals.Counted(RefusalMetrics.StageTag, RefusalMetrics.ReasonTag));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
