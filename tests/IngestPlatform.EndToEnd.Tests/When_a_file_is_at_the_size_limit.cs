using System.Text.Json;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The default <c>Watcher:MaxFileBytes</c> (64 MiB) end to end: every file the watcher accepts must be able to travel
/// the whole pipeline. Before the claim check, a 60 MB file became an 84 MB message that the normalizer's client
/// could not receive, and it blocked the queue for every file behind it.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_a_file_is_at_the_size_limit(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private const long Limit = 64L * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Should_store_one_just_under_it_refuse_one_just_over_it_and_keep_the_queue_moving()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);

        BigTextFiles.Write(Path.Combine(pipeline.Root, "under.txt"), Limit, "under");
        BigTextFiles.Write(Path.Combine(pipeline.Root, "over.txt"), Limit + 1, "over");
        File.Move(Path.Combine(pipeline.Root, "under.txt"), Path.Combine(pipeline.Inbox, "under.txt"));
        File.Move(Path.Combine(pipeline.Root, "over.txt"), Path.Combine(pipeline.Inbox, "over.txt"));
        // A small file dropped behind the big one must not wait for ever behind it.
        pipeline.Drop(Path.Combine(RepositoryPaths.Seeds, Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).First()), "small.txt");

        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count >= 2, Patience,
            "the file at the limit and the small file in document_sources", () => pipeline.Logs);
        Assert.Equal(["small.txt", "under.txt"], sources.Select(s => s.RelativePath).Order(StringComparer.Ordinal));

        var sidecar = Path.Combine(pipeline.Failed, "over.txt.error.json");
        Assert.True(File.Exists(Path.Combine(pipeline.Failed, "over.txt")), "the file over the limit is in failed/");
        using var reason = JsonDocument.Parse(await File.ReadAllTextAsync(sidecar));
        Assert.Contains("over the limit", reason.RootElement.GetProperty("Reason").GetString(), StringComparison.Ordinal);

        var failures = await pipeline.FailuresAsyncOrEmpty();
        Assert.Equal("over.txt", Assert.Single(failures).SourceFileName);
        foreach (var service in pipeline.Services)
        {
            output.WriteLine($"{service.Name}: peak RSS {service.PeakResidentBytes / (1024 * 1024)} MB");
        }
    }
}
