using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// A message over the RabbitMQ client's default inbound limit (64 MiB) at the head of a queue, as an older watcher
/// that sent a 60 MB file inline produced: the normalizer's channel closed on it, it was redelivered for ever and
/// every file behind it waited. It must be received and processed, and the file behind it stored.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_a_message_larger_than_the_client_default_waits_in_a_queue(
    RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_process_it_and_not_hold_up_the_file_behind_it()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer);

        // 50 MB inline become a body of about 67 MB: base64 in JSON, over the client's default 64 MiB.
        var path = Path.Combine(pipeline.Root, "old-inline.txt");
        BigTextFiles.Write(path, 50L * 1024 * 1024, "inline");
        var content = await File.ReadAllBytesAsync(path);
        // Bound to the normalizer's queue from this side too, as the watcher does, so it waits there whoever started first.
        var bus = await TestBus.StartAsync(pipeline.VirtualHost, cfg => cfg.Publish<FileDiscovered>(p => p.BindQueue(p.Exchange.ExchangeName, "normalizer")));
        try
        {
            await bus.Publish(Messages.FileDiscovered("old-inline.txt", content));
        }
        finally
        {
            await bus.StopAsync();
        }

        content = [];
        pipeline.Start(Pipeline.Watcher);
        pipeline.Drop(Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).First(), "behind.txt");

        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count >= 2, TimeSpan.FromMinutes(5),
            "the large inline message and the file behind it in document_sources", () => pipeline.Logs);
        Assert.Equal(["behind.txt", "old-inline.txt"], sources.Select(s => s.RelativePath).Order(StringComparer.Ordinal));
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
    }
}
