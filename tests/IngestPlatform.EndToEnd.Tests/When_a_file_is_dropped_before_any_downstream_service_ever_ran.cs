using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_a_file_is_dropped_before_any_downstream_service_ever_ran(
    RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_hold_it_in_the_broker_and_store_it_once_the_pipeline_starts()
    {
        // A brand-new virtual host: no normalizer, detector or storage has ever declared a queue in it.
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Watcher);
        var seed = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).First();
        pipeline.Drop(seed);

        // Moved to processed/ means the broker confirmed the publish.
        await Eventually.WaitUntilAsync(() => pipeline.ProcessedFileNames().Length == 1, Patience,
            "the watcher to publish and move the file", () => pipeline.Logs);
        var queues = await Eventually.WaitForAsync(() => broker.GetQueuesAsync(pipeline.VirtualHost),
            q => q.Any(x => x.Name == QueueNames.Normalizer && x.Messages == 1), Patience,
            "the message to wait in the normalizer queue");
        Assert.DoesNotContain(queues, q => q.Consumers > 0);

        await pipeline.StartObserverAsync();
        pipeline.Start(Pipeline.Normalizer, Pipeline.LanguageDetector, Pipeline.Storage);

        var rows = await Eventually.WaitForAsync(pipeline.DocumentsAsync, r => r.Count == 1, Patience,
            "the held file to be stored", () => pipeline.Logs);
        Assert.Equal(Path.GetFileName(seed), rows[0].SourceFileName);
        Assert.Equal("fr", rows[0].Language);

        // Now the consumers' own topology is there too: a file arrives by both paths, yet once.
        var second = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Last();
        pipeline.Drop(second);
        await Eventually.WaitUntilAsync(() => pipeline.Stored.Count >= 2, Patience, "the second file to be stored", () => pipeline.Logs);
        // Then nothing more for a while: a late second delivery of either file would show here, not after the test.
        var stored = await Eventually.QuietAsync(() => Task.FromResult(pipeline.Stored.Count), TimeSpan.FromSeconds(3), Patience, "the stored events");
        Assert.Equal(2, stored);
        Assert.Equal(2, (await pipeline.DocumentsAsync()).Count);
        Assert.All(pipeline.Stored, s => Assert.False(s.WasDuplicate));
    }
}
