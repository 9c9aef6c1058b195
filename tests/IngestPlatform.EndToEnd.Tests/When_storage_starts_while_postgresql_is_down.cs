using System.Diagnostics;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// Storage started during a database outage (a host reboot where PostgreSQL comes up last, a failover) used to end
/// at its migration step, and nothing restarted it outside compose. It now waits for the database.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_storage_starts_while_postgresql_is_down(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_wait_for_the_database_and_then_store_every_seed()
    {
        await using var node = await PostgresNode.StartAsync();
        await using var pipeline = await Pipeline.CreateAsync(broker, node, output);
        await node.StopAsync();

        var storage = pipeline.StartService(Pipeline.Storage);
        pipeline.Start(Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);
        foreach (var seed in Directory.GetFiles(RepositoryPaths.Seeds, "*.txt"))
        {
            pipeline.Drop(seed);
        }

        // Three attempts seen: the old migrator ended the process at the first.
        await Eventually.WaitUntilAsync(
            () => pipeline.Logs.Split("PostgreSQL is not reachable").Length > 3 || storage.HasExited,
            TimeSpan.FromSeconds(90), "storage retrying the unreachable database", () => pipeline.Logs);
        Assert.False(storage.HasExited, $"storage ended while the database was down{Environment.NewLine}{pipeline.Logs}");

        var clock = Stopwatch.StartNew();
        await node.StartAgainAsync();
        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count >= 5, TimeSpan.FromMinutes(3),
            "the five seeds in document_sources", () => pipeline.Logs);
        output.WriteLine($"PostgreSQL back -> five seeds stored: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(5, sources.Count);
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
    }
}
