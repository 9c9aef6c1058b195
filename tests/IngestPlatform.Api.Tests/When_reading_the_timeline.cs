using System.Net.Http.Json;
using IngestPlatform.Api.Pipeline;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Npgsql;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_reading_the_timeline(ApiFixture api)
{
    [Fact]
    public async Task Should_count_the_documents_of_each_minute_of_the_last_hour()
    {
        // A database of its own: the minutes are relative to now, so the rows are written by this test.
        var connectionString = await api.CreateDatabaseAsync(migrate: true);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Take(3).ToArray();
            var outcomes = await new DocumentBatchWriter(dataSource).WriteAsync(
                [.. seeds.Select(s => Catalogue.FromFile(Path.GetFileName(s), File.ReadAllBytes(s), DateTimeOffset.UtcNow, "fr", null))],
                CancellationToken.None);
            // One stored now, one ten minutes ago, one two hours ago (outside the chart).
            await using var pin = dataSource.CreateBatch();
            pin.BatchCommands.Add(new("UPDATE documents SET stored_at = now() - interval '10 minutes' WHERE id = $1")
            {
                Parameters = { new NpgsqlParameter { Value = outcomes[1].DocumentId } },
            });
            pin.BatchCommands.Add(new("UPDATE documents SET stored_at = now() - interval '2 hours' WHERE id = $1")
            {
                Parameters = { new NpgsqlParameter { Value = outcomes[2].DocumentId } },
            });
            await pin.ExecuteNonQueryAsync();
        }

        await using var factory = new ApiFactory(connectionString);
        var minutes = (await factory.CreateClient().GetFromJsonAsync<List<MinuteCount>>("/stats/timeline"))!;

        Assert.Equal(60, minutes.Count);
        Assert.All(minutes.Zip(minutes.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second.Minute - pair.First.Minute));
        Assert.Equal(2, minutes.Sum(m => m.Documents));
        // The last bucket is the current minute (or, at a minute's turn, the one before).
        Assert.InRange(DateTimeOffset.UtcNow - minutes[^1].Minute, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        Assert.Single(minutes, m => m.Documents == 1 && m.Minute > tenMinutesAgo.AddMinutes(-2) && m.Minute <= tenMinutesAgo.AddMinutes(1));
        // Every file is counted in its minute too (their stored_at was left as written: now).
        Assert.Equal(3, minutes.Sum(m => m.Sources));
    }
}
