using System.Text.Json;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_files_that_cannot_be_documents_are_dropped(
    RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_record_each_with_its_reason_and_keep_going()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);

        // Refused at the door: empty. Refused by the normalizer: a PNG header, binary.
        await File.WriteAllBytesAsync(Path.Combine(pipeline.Inbox, "empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(pipeline.Inbox, "picture.png"),
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        var seed = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Last();
        pipeline.Drop(seed);

        var failures = await Eventually.WaitForAsync(pipeline.FailuresAsyncOrEmpty, f => f.Count == 2, Patience,
            "both refusals in ingest_failures", () => pipeline.Logs);
        Assert.Contains(failures, f => f is { SourceFileName: "empty.txt", Stage: "watcher" } && f.Reason.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f is { SourceFileName: "picture.png", Stage: "normalizer" } && f.Reason.Contains("binary", StringComparison.Ordinal));

        // The watcher's refusal also leaves the file and a sidecar saying why in failed/.
        var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(pipeline.Failed, "empty.txt.error.json")));
        Assert.Equal("watcher", sidecar.RootElement.GetProperty("Stage").GetString());
        Assert.True(File.Exists(Path.Combine(pipeline.Failed, "empty.txt")));

        // And the good file behind them still went through.
        await Eventually.WaitForAsync(pipeline.DocumentsAsync, r => r.Count == 1, Patience, "the good file to be stored", () => pipeline.Logs);
    }
}
