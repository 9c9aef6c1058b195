using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_storage_cannot_write_a_batch_after_its_retries(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_record_every_message_of_the_batch_as_a_fault_and_keep_it_in_the_error_queue()
    {
        await using var services = await ServicesUnderTest.CreateAsync(broker, server, output);
        await services.StartAsync("IngestPlatform.Storage", "storage");
        // Not a bad row but a broken server-side state no retry can fix (here: the table is gone).
        await services.Database.CountAsync("ALTER TABLE document_sources RENAME TO document_sources_away");

        foreach (var i in Enumerable.Range(0, 3))
        {
            await services.Bus.Publish(Documents.Detected($"Article {i}\nTexte {i}.", $"{i}.txt"));
        }

        // Four retries take about 17 s before MassTransit gives up and publishes the faults.
        var failures = await Eventually.WaitForAsync(services.Database.FailuresAsync, f => f.Count >= 3, TimeSpan.FromSeconds(90),
            "three faults in ingest_failures", () => services.Logs);

        Assert.All(failures, f => Assert.Equal(("storage", "fault"), (f.Stage, f.Kind)));
        Assert.All(failures, f => Assert.Contains("document_sources", f.Reason, StringComparison.Ordinal));
        Assert.Equal(["0.txt", "1.txt", "2.txt"], failures.Select(f => f.Path).Order(StringComparer.Ordinal));
        await services.WaitForQueueAsync(q => q is { Name: "storage_error", Messages: 3 }, "the three messages in storage_error");

        // A poison message is not an outage: the kill switch (which counts only outage exceptions) left the
        // endpoint running, so once the state is repaired the next message is stored straight away.
        await services.Database.CountAsync("ALTER TABLE document_sources_away RENAME TO document_sources");
        await services.Bus.Publish(Documents.Detected("Article 3\nTexte 3.", "3.txt"));
        await Eventually.WaitForAsync(() => services.Database.CountAsync("SELECT count(*) FROM document_sources"), n => n == 1,
            TimeSpan.FromSeconds(30), "the next message stored", () => services.Logs);
    }
}
