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

        // Done is what the test itself sees: an outcome for every message (60 stored or duplicate, 2 refused),
        // then nothing more for a while, so a late duplicate would be counted rather than missed.
        async Task<(int Stored, int Failures)> Outcomes() => (services.Stored.Count, (await services.Database.FailuresAsync()).Count);
        await Eventually.WaitForAsync(Outcomes, o => o is { Stored: >= 60, Failures: >= 2 }, TimeSpan.FromSeconds(90),
            "the outcomes of all 62 messages", () => services.Logs);
        var outcomes = await Eventually.QuietAsync(Outcomes, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), "the outcomes");
        Assert.Equal((60, 2), outcomes);
        Assert.Equal(10, services.Stored.Count(s => s.WasDuplicate));
        var failures = await services.Database.FailuresAsync();

        Assert.Equal(50, await services.Database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(50, await services.Database.CountAsync("SELECT count(*) FROM document_sources"));
        Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected", Path: "nul.txt" } && f.Reason.Contains("0x00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected" } && f.Reason.Contains("no source file", StringComparison.Ordinal));
        Assert.DoesNotContain(await services.QueuesAsync(), q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0);
    }
}
