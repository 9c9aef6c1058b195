using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_storage_consumes_a_batch_from_rabbitmq(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_store_the_good_documents_once_and_record_the_bad_ones()
    {
        await using var services = await ServicesUnderTest.CreateAsync(broker, server, output);
        await services.StartAsync("IngestPlatform.Storage", "storage");
        var good = Enumerable.Range(0, 50).Select(i => Documents.Detected($"Article {i}\nTexte numéro {i}.", $"{i}.txt")).ToList();
        var withNul = Documents.Detected("Article cassé\nUn caractère \0 nul.", "nul.txt");
        var withoutSource = good[0] with { Document = good[0].Document with { Source = null! } };

        foreach (var message in good.Append(withNul).Append(withoutSource))
        {
            await services.Bus.Publish(message);
        }

        // The same messages again, as after a redelivery or a re-publish.
        foreach (var message in good.Take(10))
        {
            await services.Bus.Publish(message);
        }

        var failures = await Eventually.WaitForAsync(services.Database.FailuresAsync, f => f.Count >= 2, TimeSpan.FromSeconds(60),
            "two refusals in ingest_failures", () => services.Logs);
        await services.WaitForQueueAsync(q => q is { Name: "storage", Messages: 0 }, "the storage queue to drain");

        Assert.Equal(50, await services.Database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(50, await services.Database.CountAsync("SELECT count(*) FROM document_sources"));
        Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected", Path: "nul.txt" } && f.Reason.Contains("0x00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected" } && f.Reason.Contains("no source file", StringComparison.Ordinal));
        Assert.DoesNotContain(await services.QueuesAsync(), q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0);
    }
}
