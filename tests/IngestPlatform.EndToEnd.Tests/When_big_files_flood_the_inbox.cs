using System.Diagnostics;
using System.Globalization;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// Many 25 MB files dropped at once. Memory must follow each service's byte budget, not the number of big files
/// waiting: before the claim check and budget, 40 such files took the normalizer to 13 GB. CI drops
/// <see cref="DefaultFiles"/>; <c>tests/soak.sh</c> drops 40 (<c>INGEST_BIGFILES_COUNT</c>).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_big_files_flood_the_inbox(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    private const int DefaultFiles = 6;
    private const long FileBytes = 25L * 1024 * 1024;
    private const long MemoryCeiling = 1024L * 1024 * 1024;

    [Fact]
    public async Task Should_store_every_file_once_with_no_service_over_1_GB_resident()
    {
        var files = int.TryParse(Environment.GetEnvironmentVariable("INGEST_BIGFILES_COUNT"), CultureInfo.InvariantCulture, out var n) ? n : DefaultFiles;
        await using var pipeline = await Pipeline.CreateAsync(broker, database, output);
        pipeline.Start(Pipeline.Storage, Pipeline.LanguageDetector, Pipeline.Normalizer, Pipeline.Watcher);

        var staging = Directory.CreateDirectory(Path.Combine(pipeline.Root, "staging")).FullName;
        for (var i = 0; i < files; i++)
        {
            BigTextFiles.Write(Path.Combine(staging, $"big-{i:000}.txt"), FileBytes, $"big {i}");
        }

        var clock = Stopwatch.StartNew();
        foreach (var file in Directory.GetFiles(staging))
        {
            File.Move(file, Path.Combine(pipeline.Inbox, Path.GetFileName(file)));
        }

        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count >= files, TimeSpan.FromMinutes(3 + files / 2),
            $"all {files} big files in document_sources", () => pipeline.Logs);
        output.WriteLine($"{files} files of 25 MB stored in {clock.Elapsed.TotalSeconds:F0} s");

        Assert.Equal(files, sources.Count);
        Assert.Equal(files, sources.Select(s => s.RawSha256).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
        Assert.DoesNotContain(Directory.GetFiles(pipeline.Inbox), f => !Path.GetFileName(f).StartsWith('.'));

        var peaks = pipeline.Services.Select(s => (s.Name, Peak: s.PeakResidentBytes ?? 0)).ToList();
        foreach (var (name, peak) in peaks)
        {
            output.WriteLine($"{name,-32} peak RSS {peak / (1024 * 1024),6} MB (budget {MemoryCeiling / (1024 * 1024)} MB)");
        }

        Assert.All(peaks, p => Assert.True(p.Peak <= MemoryCeiling, $"{p.Name} peaked at {p.Peak / (1024 * 1024)} MB"));
    }
}
