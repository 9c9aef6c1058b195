using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_storage_cannot_write_a_batch_after_its_retries(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_record_every_message_of_the_batch_as_a_fault_and_keep_it_in_the_error_queue()
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
            // Not a bad row but a broken server-side state no retry can fix (here: the table is gone).
            await database.CountAsync("ALTER TABLE document_sources RENAME TO document_sources_away");
            var bus = await BusClient.StartAsync(vhost);
            try
            {
                foreach (var i in Enumerable.Range(0, 3))
                {
                    await bus.Publish(Documents.Detected($"Article {i}\nTexte {i}.", $"{i}.txt"));
                }

                // Four retries take about 17 s before MassTransit gives up and publishes the faults.
                var failures = await Eventually.WaitForAsync(database.FailuresAsync, f => f.Count >= 3, TimeSpan.FromSeconds(90),
                    "three faults in ingest_failures", () => storage.Output);

                Assert.All(failures, f => Assert.Equal(("storage", "fault"), (f.Stage, f.Kind)));
                Assert.All(failures, f => Assert.Contains("document_sources", f.Reason, StringComparison.Ordinal));
                Assert.Equal(["0.txt", "1.txt", "2.txt"], failures.Select(f => f.Path).Order(StringComparer.Ordinal));
                // The management API refreshes its counts every few seconds.
                await Eventually.WaitForAsync(
                    () => broker.GetQueuesAsync(vhost), q => q.Any(x => x.Name == "storage_error" && x.Messages == 3),
                    TimeSpan.FromSeconds(30), "the three messages in storage_error", () => storage.Output);
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
