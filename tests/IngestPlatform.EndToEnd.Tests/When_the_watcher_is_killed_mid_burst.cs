using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

[Collection(InfrastructureCollection.Name)]
public class When_the_watcher_is_killed_mid_burst(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private const int Files = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Should_lose_no_file_and_store_no_duplicate_row()
    {
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer);

        // Distinct content per file, so every file is its own document. All in place before the
        // watcher starts, so its first scan takes them in one burst.
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, $"article-{i:000}.txt"),
                $"Article numéro {i}. Le conseil municipal s'est réuni mardi soir pour voter le budget de l'année {2000 + i}, " +
                "après un long débat sur la rénovation des écoles et le prix de l'eau dans la commune.");
        }

        await pipeline.StartObserverAsync();
        // The window that matters: the broker has confirmed a publish, the file is still in the inbox. The first
        // watcher is held there after its confirmations (a test-only pause), so the kill lands in it every time.
        var first = pipeline.StartService(Pipeline.Watcher, new Dictionary<string, string> { ["Watcher__TestPauseAfterConfirm"] = "00:10:00" });
        await Eventually.WaitUntilAsync(() => first.Output.Contains("Test pause:", StringComparison.Ordinal), Patience,
            "a publish confirmed and its file not yet moved", () => pipeline.Logs);
        // Its copy went all the way through before the kill, so the re-published one must be absorbed as a duplicate.
        await Eventually.WaitUntilAsync(() => !pipeline.Stored.IsEmpty, Patience, "a confirmed file to be stored", () => pipeline.Logs);

        first.Kill(); // kill -9: no shutdown; the confirmed files stay in the inbox.
        var movedAtKill = pipeline.ProcessedFileNames().Length;
        var storedAtKill = pipeline.Stored.Select(s => s.Source.RelativePath).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(0, movedAtKill);

        pipeline.StartService(Pipeline.Watcher);

        await Eventually.WaitUntilAsync(() => pipeline.ProcessedFileNames().Length >= Files, Patience,
            "every file moved to processed/", () => pipeline.Logs);
        // A marker dropped last: once it is stored, every re-sent copy before it has been through storage too.
        await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, "zz-marker.txt"),
            "Dernier article : la séance est levée à minuit, le maire remercie les habitants venus nombreux.");
        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Any(r => r.RelativePath == "zz-marker.txt"), Patience,
            "the marker in document_sources", () => pipeline.Logs);

        // Every file stored before the kill was published again by the second watcher: storage's unique
        // (raw_sha256, relative_path) absorbed those copies as duplicates, without a second row.
        output.WriteLine($"{storedAtKill.Count} of {Files} stored before the kill, none moved");
        Assert.All(storedAtKill, path => Assert.Contains(pipeline.Stored, s => s.Source.RelativePath == path && s.WasDuplicate));

        Assert.Equal(Files + 1, pipeline.ProcessedFileNames().Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Files + 1, pipeline.ProcessedFileNames().Length); // no name.1.txt: nothing taken twice
        Assert.Equal(Files + 1, sources.Count);
        Assert.Equal(Files + 1, sources.Select(s => s.RelativePath).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Files + 1, (await pipeline.DocumentsAsync()).Count);
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
        Assert.DoesNotContain(Directory.GetFiles(pipeline.Inbox), f => !Path.GetFileName(f).StartsWith('.'));
    }
}
