using System.Diagnostics;
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

        var first = pipeline.StartService(Pipeline.Watcher);

        // The watcher moves hundreds of files a second: a tight bounded poll (not Eventually's
        // 250 ms) so the kill lands while publishes are in flight, not after the last one.
        var clock = Stopwatch.StartNew();
        while (pipeline.ProcessedFileNames().Length < Files / 10)
        {
            Assert.True(clock.Elapsed < Patience, $"the burst did not start{Environment.NewLine}{pipeline.Logs}");
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        first.Kill(); // kill -9: no shutdown, publishes in flight are lost or unconfirmed.
        var movedAtKill = pipeline.ProcessedFileNames().Length;
        Assert.InRange(movedAtKill, 1, Files - 1);

        pipeline.StartService(Pipeline.Watcher);

        await Eventually.WaitUntilAsync(() => pipeline.ProcessedFileNames().Length >= Files, Patience,
            "every file moved to processed/", () => pipeline.Logs);
        // A marker dropped last: once it is stored, every re-sent copy before it has been through storage too.
        await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, "zz-marker.txt"),
            "Dernier article : la séance est levée à minuit, le maire remercie les habitants venus nombreux.");
        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Any(r => r.RelativePath == "zz-marker.txt"), Patience,
            "the marker in document_sources", () => pipeline.Logs);

        // Whether the kill fell between a confirm and its move (so one file was really published
        // twice) is chance; the assertions hold either way, and storage's unique (raw_sha256,
        // relative_path) is what absorbs such a copy.
        output.WriteLine($"{movedAtKill} of {Files} moved before the kill");

        Assert.Equal(Files + 1, pipeline.ProcessedFileNames().Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Files + 1, pipeline.ProcessedFileNames().Length); // no name.1.txt: nothing taken twice
        Assert.Equal(Files + 1, sources.Count);
        Assert.Equal(Files + 1, sources.Select(s => s.RelativePath).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Files + 1, (await pipeline.DocumentsAsync()).Count);
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
        Assert.DoesNotContain(Directory.GetFiles(pipeline.Inbox), f => !Path.GetFileName(f).StartsWith('.'));
    }
}
