using System.Net.Http.Json;
using IngestPlatform.Api.Stats;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Npgsql;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_reading_the_stats(ApiFixture api)
{
    [Fact]
    public async Task Should_count_documents_by_language_and_files_by_status()
    {
        var stats = await GetAsync(api.Client);

        Assert.Equal(8, stats.Documents);
        Assert.Equal(9, stats.Sources);
        Assert.Equal(new LanguageCount("fr", 5), stats.DocumentsByLanguage[0]);
        Assert.Equal(
            [new("de", 1), new("en", 1), new("und", 1)],
            stats.DocumentsByLanguage.Skip(1));
        Assert.Equal(new FileStatusCounts(9, 2, 2), stats.Files);
        Assert.Equal(
            [new("language-detector", "fault", 1), new("normalizer", "rejected", 1), new("storage", "fault", 1), new("watcher", "rejected", 1)],
            stats.FailuresByStage);
    }

    [Fact]
    public async Task Should_measure_the_ingest_rate()
    {
        // A database of its own: the windows are relative to now, so the rows are written by this test.
        var connectionString = await api.CreateDatabaseAsync(migrate: true);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var writer = new DocumentBatchWriter(dataSource);
            var now = DateTimeOffset.UtcNow;
            var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Take(3).ToArray();
            var outcomes = await writer.WriteAsync(
                [.. seeds.Select(s => Catalogue.FromFile(Path.GetFileName(s), File.ReadAllBytes(s), now, "fr", null))], CancellationToken.None);
            // Stored now, half an hour ago and two days ago.
            await using var pin = dataSource.CreateBatch();
            pin.BatchCommands.Add(new("UPDATE documents SET stored_at = now() - interval '30 minutes' WHERE id = $1")
            {
                Parameters = { new NpgsqlParameter { Value = outcomes[1].DocumentId } },
            });
            pin.BatchCommands.Add(new("UPDATE documents SET stored_at = now() - interval '2 days' WHERE id = $1")
            {
                Parameters = { new NpgsqlParameter { Value = outcomes[2].DocumentId } },
            });
            await pin.ExecuteNonQueryAsync();
        }

        await using var factory = new ApiFactory(connectionString);
        var stats = await GetAsync(factory.CreateClient());

        Assert.Equal(3, stats.Documents);
        Assert.Equal((1, 2), (stats.Rate.DocumentsLastMinute, stats.Rate.DocumentsLastHour));
        Assert.Equal((3, 3), (stats.Rate.SourcesLastMinute, stats.Rate.SourcesLastHour));
        var span = stats.Rate.LastStoredAt!.Value - stats.Rate.FirstStoredAt!.Value;
        Assert.InRange(span, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.Equal(3 / span.TotalMinutes, stats.Rate.DocumentsPerMinute!.Value, 6);
    }

    [Fact]
    public async Task Should_answer_zeros_for_an_empty_database()
    {
        await using var factory = new ApiFactory(await api.CreateDatabaseAsync(migrate: true));

        var stats = await GetAsync(factory.CreateClient());

        Assert.Equal((0, 0), (stats.Documents, stats.Sources));
        Assert.Empty(stats.DocumentsByLanguage);
        Assert.Empty(stats.FailuresByStage);
        Assert.Equal(new IngestRate(0, 0, 0, 0, null, null, null), stats.Rate);
    }

    private static async Task<IngestStats> GetAsync(HttpClient client) => (await client.GetFromJsonAsync<IngestStats>("/stats"))!;
}
