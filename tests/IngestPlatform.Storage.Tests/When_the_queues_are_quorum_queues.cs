using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// <c>RabbitMq__QueueType=quorum</c> on real normalizer and storage processes, on the shared RabbitMQ in a virtual host
/// of the test's own. Both declare storage-rejections and storage-faults (one as consumer, one as publisher); had either
/// left out <c>x-queue-type</c>, the second declaration would be refused with 406 and that service would not start.
/// </summary>
[Collection(StorageCollection.Name)]
public class When_the_queues_are_quorum_queues(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Quorum = new() { ["RabbitMq__QueueType"] = "quorum" };

    [Fact]
    public async Task Should_declare_every_durable_queue_as_quorum_and_still_store_documents()
    {
        await using var services = await ServicesUnderTest.CreateAsync(broker, server, output);
        await services.StartAsync("IngestPlatform.Storage", QueueNames.Storage, Quorum);
        await services.StartAsync("IngestPlatform.Normalizer", QueueNames.Normalizer, Quorum);

        await services.Bus.Publish(Documents.Detected("Quorum\nUne file répliquée.", "quorum.txt"));
        await Eventually.WaitForAsync(() => services.Database.CountAsync("SELECT count(*) FROM documents"), n => n == 1,
            TimeSpan.FromSeconds(60), "the document stored", () => services.Logs);

        // A file for the normalizer (its DocumentNormalized declares language-detector from the publishing side) and a
        // malformed message it gives up on: moved to normalizer_error, its Fault published into storage-faults, which
        // storage (the consumer) declared first.
        var bytes = "Quorum\nUne file répliquée."u8.ToArray();
        await services.Bus.Publish(Messages.FileDiscovered("q.txt", bytes));
        await services.Bus.Publish(new FileDiscovered(null!, []));
        await Eventually.WaitForAsync(services.Database.FailuresAsync, f => f.Count == 1, TimeSpan.FromSeconds(90),
            "the normalizer's fault recorded from storage-faults", () => services.Logs);
        await services.WaitForQueueAsync(q => q is { Name: QueueNames.LanguageDetector, Messages: 1 }, "the normalized file in language-detector");

        // The platform's queues: not the test bus's own observer queue, which the services never declare.
        var durable = (await services.QueuesAsync()).Where(q => !q.AutoDelete && q.Name != ServicesUnderTest.ObserverQueue).ToList();
        foreach (var queue in durable)
        {
            output.WriteLine($"{queue.Name}: {queue.Type}");
        }

        string[] expected =
        [
            QueueNames.Normalizer, QueueNames.LanguageDetector, QueueNames.Storage, QueueNames.StorageRejections,
            QueueNames.StorageFaults, "normalizer_error",
        ];
        Assert.Empty(expected.Except(durable.Select(q => q.Name)));
        Assert.All(durable, q => Assert.Equal("quorum", q.Type));
    }
}
