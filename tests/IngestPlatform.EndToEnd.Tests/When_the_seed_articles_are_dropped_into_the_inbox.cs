using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_the_seed_articles_are_dropped_into_the_inbox(
    RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_store_each_once_in_french_and_record_a_copy_as_another_source()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        await pipeline.StartObserverAsync();
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);
        var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToArray();

        foreach (var seed in seeds)
        {
            pipeline.Drop(seed);
        }

        var rows = await Eventually.WaitForAsync(pipeline.DocumentsAsync, r => r.Count >= seeds.Length, Patience,
            "five documents in PostgreSQL", () => pipeline.Logs);
        Assert.Equal(seeds.Select(Path.GetFileName), rows.Select(r => r.SourceFileName));
        Assert.All(rows, r =>
        {
            Assert.Equal("fr", r.Language);
            Assert.False(string.IsNullOrWhiteSpace(r.Title));
            Assert.False(string.IsNullOrWhiteSpace(r.Text));
            Assert.Matches("^[0-9a-f]{64}$", r.ContentSha256);
        });
        Assert.Equal(seeds.Select(Path.GetFileName), pipeline.ProcessedFileNames());
        // Only the watcher's own lock file stays behind.
        Assert.Equal([".ingest-watcher.lock"], Directory.GetFileSystemEntries(pipeline.Inbox).Select(Path.GetFileName));

        // The same bytes again under a new name: no second document, a second source of the same one.
        pipeline.Drop(seeds[2], "copy-of-" + Path.GetFileName(seeds[2]));
        var duplicate = await Eventually.WaitForAsync(
            () => Task.FromResult(pipeline.Stored.FirstOrDefault(s => s.Source.FileName.StartsWith("copy-of-", StringComparison.Ordinal))),
            s => s is not null, Patience, "storage to report the copy", () => pipeline.Logs);

        Assert.True(duplicate!.WasDuplicate);
        Assert.Equal(seeds.Length, (await pipeline.DocumentsAsync()).Count);
        Assert.Contains("copy-of-" + Path.GetFileName(seeds[2]), pipeline.ProcessedFileNames());
        var sources = await pipeline.SourcesAsync();
        Assert.Equal(seeds.Length + 1, sources.Count);
        var original = Assert.Single(sources, s => s.RelativePath == Path.GetFileName(seeds[2]));
        var copy = Assert.Single(sources, s => s.RelativePath == "copy-of-" + Path.GetFileName(seeds[2]));
        Assert.Equal(original.DocumentId, copy.DocumentId);
        Assert.Equal(duplicate.DocumentId, copy.DocumentId);
    }
}
