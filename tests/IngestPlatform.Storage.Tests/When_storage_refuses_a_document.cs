using System.Diagnostics.Metrics;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// The batch consumer on MassTransit's in-memory test harness, writing to a real PostgreSQL database of the test's own,
/// with the real <see cref="IngestMetrics"/> read back by a <see cref="MeterListener"/> on this test's own meter: each
/// document storage refuses is recorded in <c>ingest_failures</c> in words and counted under its reason code.
/// </summary>
[Collection(StorageCollection.Name)]
public class When_storage_refuses_a_document(PostgresFixture server)
{
    [Fact]
    public async Task Should_record_each_refusal_and_count_it_under_its_reason()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        var payloads = Directory.CreateTempSubdirectory("ingest-storage-refusal-").FullName;
        try
        {
            await using var provider = new ServiceCollection()
                .AddLogging()
                .AddMetrics()
                .AddSingleton<IngestMetrics>()
                .AddSingleton(database.DataSource)
                .AddSingleton(database.Writer)
                .AddSingleton<FailureRecorder>()
                .AddSingleton<DocumentReprocessor>()
                .AddOptions<StorageOptions>().Services
                .AddPayloadStore().Configure(o => o.Path = payloads).Services
                .AddMassTransitTestHarness(x =>
                {
                    x.AddConsumer<StoreDocumentsConsumer, StoreDocumentsConsumerDefinition>();
                    // Room for a batch to close on its time limit and commit on a loaded machine before the harness calls it quiet.
                    x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
                })
                .BuildServiceProvider(true);
            using var refusals = new CounterRecorder(provider.GetRequiredService<IMeterFactory>(), "ingest.files.rejected");
            var harness = provider.GetRequiredService<ITestHarness>();
            await harness.Start();

            var good = Documents.Detected("Un article\nQui sera stocké.", "good.txt");
            // PostgreSQL text cannot hold U+0000 (When_a_batch_holds_a_row_postgresql_refuses).
            var nul = Documents.Detected("Article cassé\nUn caractère \0 nul.", "nul.txt");
            var noLanguage = Documents.Detected("Sans langue\nUn message incomplet.", "no-language.txt") with { Language = null! };
            var claimCheckGone = Documents.Detected("Texte\nPar claim check.", "gone.txt");
            claimCheckGone = claimCheckGone with
            {
                Document = claimCheckGone.Document with { Text = "", TextPayload = new PayloadReference(new string('0', 64), 123_456) },
            };
            foreach (var message in new[] { good, nul, noLanguage, claimCheckGone })
            {
                await harness.Bus.Publish(message);
            }

            var failures = await Eventually.WaitForAsync(database.FailuresAsync, f => f.Count >= 3, TimeSpan.FromSeconds(30),
                "the three refusals recorded");
            Assert.Equal(["gone.txt", "no-language.txt", "nul.txt"], failures.Select(f => f.Path).Order(StringComparer.Ordinal));
            Assert.All(failures, f => Assert.Equal((Stages.Storage, FailureKinds.Rejected), (f.Stage, f.Kind)));
            Assert.Contains("PostgreSQL refused the document", failures.Single(f => f.Path == "nul.txt").Reason, StringComparison.Ordinal);
            // The row keeps the code the metric counted, so refusals can be listed by cause (GET /failures?reason=).
            Assert.Equal(
                [("gone.txt", RefusalReasons.PayloadMissing), ("no-language.txt", RefusalReasons.InvalidMessage), ("nul.txt", RefusalReasons.InvalidData)],
                failures.Select(f => (f.Path, f.Code)).Order());

            // Counted before each failure row is written: all three are in once the rows are.
            Assert.Equal(
                [$"storage/{RefusalReasons.InvalidData}", $"storage/{RefusalReasons.InvalidMessage}", $"storage/{RefusalReasons.PayloadMissing}"],
                refusals.Counted(RefusalMetrics.StageTag, RefusalMetrics.ReasonTag));

            Assert.True(await harness.Published.Any<DocumentStored>(m => m.Context.Message.Source.RelativePath == "good.txt"));
        }
        finally
        {
            Directory.Delete(payloads, recursive: true);
        }
    }
}
