using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_the_stages_are_killed_mid_burst(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private const int Files = 300;

    [Fact]
    public async Task Should_store_every_file_once_with_no_fault_and_no_dead_letter()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        var patience = TimeSpan.FromMinutes(4);
        var stages = new[] { Pipeline.Normalizer, Pipeline.LanguageDetector, Pipeline.Storage };
        var running = stages.Select(name => pipeline.StartService(name)).ToList();
        foreach (var queue in new[] { QueueNames.Storage, QueueNames.LanguageDetector, QueueNames.Normalizer })
        {
            await Eventually.WaitForAsync(() => broker.GetQueuesAsync(pipeline.VirtualHost), q => q.Any(s => s.Name == queue && s.Consumers > 0),
                TimeSpan.FromSeconds(90), $"a consumer on {queue}", () => pipeline.Logs);
        }

        await Burst.WriteAsync(pipeline, Files);
        pipeline.StartService(Pipeline.Watcher);
        // Storage follows the watcher closely: kill once a tenth has been taken from the inbox, so most of the burst
        // is still on its way through the stages.
        await Eventually.WaitUntilAsync(() => pipeline.ProcessedFileNames().Length >= Files / 10, patience, "the burst to start", () => pipeline.Logs);

        // kill -9 of the three stages at once, with messages in flight in each (prefetched, mid-batch, mid-publish).
        running.ForEach(s => s.Kill());
        var storedAtKill = (await pipeline.SourcesAsync()).Count;
        Assert.InRange(storedAtKill, 0, Files - 1);
        // How long they stay down is the fault itself, not a wait for a condition.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartedAt = DateTimeOffset.UtcNow;
        foreach (var stage in stages)
        {
            pipeline.StartService(stage);
        }

        await Burst.AssertDeliveredOnceAsync(broker, pipeline, Files, patience);
        var recovery = await Burst.LastStoredAsync(pipeline) - restartedAt;
        output.WriteLine($"{storedAtKill} of {Files} stored at the kill; recovery (stages restarted -> last document stored): {recovery.TotalSeconds:F1} s");
        Assert.InRange(recovery, TimeSpan.FromSeconds(-1), TimeSpan.FromMinutes(3));
    }
}
