using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_upgrading_failures_recorded_under_sha256(PostgresFixture server)
{
    // The last migration whose ingest_failures named the raw hash sha256.
    private const string BeforeRename = "20261129001528_DashboardFailuresAndHistory";

    [Fact]
    public async Task Should_keep_each_hash_under_raw_sha256_and_give_it_back_on_the_way_down()
    {
        await using var database = await StorageDatabase.AtMigrationAsync(server, BeforeRename);
        await database.ExecuteAsync("""
            INSERT INTO ingest_failures (file_id, stage, kind, reason, source_file_name, source_path, source_size_bytes, sha256, rejected_at, recorded_at)
            VALUES (gen_random_uuid(), 'normalizer', 'rejected', 'binary', 'a.jpg', 'a.jpg', 4, repeat('e', 64), now(), now())
            """);

        await database.MigrateAsync();

        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM ingest_failures WHERE raw_sha256 = repeat('e', 64)"));
        Assert.Equal(0, await database.CountAsync(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'ingest_failures' AND column_name = 'sha256'"));

        await database.MigrateAsync(BeforeRename);
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM ingest_failures WHERE sha256 = repeat('e', 64)"));
    }
}
