using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_storage_consumes_a_batch_from_rabbitmq(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_store_the_good_documents_once_and_record_the_bad_ones()
    {
        var vhost = await broker.CreateVirtualHostAsync();
        await using var database = await StorageDatabase.CreateAsync(server);
        await using var storage = ServiceProcess.Start("IngestPlatform.Storage", new Dictionary<string, string>(vhost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = database.ConnectionString,
        });
        try
        {
            await BusClient.WaitForConsumerAsync(broker, vhost, "storage", storage);
            var bus = await BusClient.StartAsync(vhost);
            try
            {
                var good = Enumerable.Range(0, 50).Select(i => Documents.Detected($"Article {i}\nTexte numéro {i}.", $"{i}.txt")).ToList();
                var withNul = Documents.Detected("Article cassé\nUn caractère \0 nul.", "nul.txt");
                var withoutSource = good[0] with { Document = good[0].Document with { Source = null! } };
                foreach (var message in good.Append(withNul).Append(withoutSource))
                {
                    await bus.Publish(message);
                }

                // The same messages again, as after a redelivery or a re-publish.
                foreach (var message in good.Take(10))
                {
                    await bus.Publish(message);
                }

                var failures = await Eventually.WaitForAsync(database.FailuresAsync, f => f.Count >= 2, TimeSpan.FromSeconds(60),
                    "two refusals in ingest_failures", () => storage.Output);
                await Eventually.WaitForAsync(
                    () => broker.GetQueuesAsync(vhost), q => q.Single(x => x.Name == "storage").Messages == 0,
                    TimeSpan.FromSeconds(60), "the storage queue to drain", () => storage.Output);

                Assert.Equal(50, await database.CountAsync("SELECT count(*) FROM documents"));
                Assert.Equal(50, await database.CountAsync("SELECT count(*) FROM document_sources"));
                Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected", Path: "nul.txt" } && f.Reason.Contains("0x00", StringComparison.Ordinal));
                Assert.Contains(failures, f => f is { Stage: "storage", Kind: "rejected" } && f.Reason.Contains("no source file", StringComparison.Ordinal));
                Assert.DoesNotContain(await broker.GetQueuesAsync(vhost), q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0);
            }
            finally
            {
                await bus.StopAsync();
            }
        }
        finally
        {
            output.WriteLine(storage.Output);
            await broker.DeleteVirtualHostAsync(vhost);
        }
    }
}
