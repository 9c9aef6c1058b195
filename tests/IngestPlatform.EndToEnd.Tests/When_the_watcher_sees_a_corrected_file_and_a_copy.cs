using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_the_watcher_sees_a_corrected_file_and_a_copy(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private const string Original = "Le conseil municipal a voté le budget de l'année mardi soir, après un long débat sur les écoles.";
    private const string Corrected = "Le conseil municipal a voté le budget de l'année lundi soir, après un long débat sur les écoles.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_store_the_correction_as_a_new_document_and_the_copy_as_another_source()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);

        await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, "budget.txt"), Original);
        await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count == 1, Patience, "the original stored", () => pipeline.Logs);

        // Corrected and dropped again under the same name: not skipped because the name was seen.
        await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, "budget.txt"), Corrected);
        await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count == 2, Patience, "the correction stored", () => pipeline.Logs);

        // The corrected bytes under another name: another source of the same document.
        await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, "budget-copy.txt"), Corrected);
        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count == 3, Patience, "the copy recorded", () => pipeline.Logs);

        Assert.Equal(2, (await pipeline.DocumentsAsync()).Count);
        var budget = sources.Where(s => s.RelativePath == "budget.txt").ToList();
        Assert.Equal(2, budget.Count);
        Assert.NotEqual(budget[0].DocumentId, budget[1].DocumentId);
        var copy = Assert.Single(sources, s => s.RelativePath == "budget-copy.txt");
        Assert.Single(budget, s => s.DocumentId == copy.DocumentId && s.RawSha256 == copy.RawSha256);
    }
}
