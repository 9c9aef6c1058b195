using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_upgrading_a_database_created_by_0_3(PostgresFixture server)
{
    private const string FirstRelease = "20261123060643_InitialCreate";

    [Fact]
    public async Task Should_carry_every_row_over_as_documents_and_sources()
    {
        await using var database = await StorageDatabase.AtMigrationAsync(server, FirstRelease);
        // 0.3's rows: one per raw file; the first two hold the same article (another encoding, another name).
        await database.ExecuteAsync("""
            INSERT INTO documents (content_sha256, source_file_name, source_path, source_size_bytes, encoding, title, text,
                original_text, language, language_confidence, language_runner_up, file_id, discovered_at, ingested_at)
            VALUES
                (repeat('a', 64), 'a.txt', 'a.txt', 10, 'utf-8', 'Genève', 'Les négociations reprennent.', 'x', 'fr', 0.9, 'it', gen_random_uuid(), now(), now()),
                (repeat('b', 64), 'b.txt', 'b.txt', 11, 'windows-1252', 'Genève', 'Les négociations reprennent.', 'y', 'fr', 0.9, null, gen_random_uuid(), now(), now()),
                (repeat('c', 64), 'c.txt', 'c.txt', 12, 'utf-8', 'Geneva', 'Talks resume.', 'z', 'en', 0.8, null, gen_random_uuid(), now(), now())
            """);

        await database.MigrateAsync();

        Assert.Equal(2, await database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM document_sources"));
        // A document keeps the id of its first old row, and both files point at it.
        Assert.Equal(2, await database.CountAsync(
            "SELECT count(*) FROM document_sources WHERE document_id = 1 AND relative_path IN ('a.txt', 'b.txt')"));
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM documents WHERE search_config = 'french' AND search_vector @@ websearch_to_tsquery('french', 'négociation')"));
        // New rows after the upgrade get new ids, and the same article arriving again finds its document.
        var written = await database.Writer.WriteAsync(
        [
            new(Documents.Detected("Les négociations reprennent.", "again.txt"), Guid.NewGuid()),
            new(Documents.Detected("Berlin\nNeue Gespräche.", "new.txt", "de"), Guid.NewGuid()),
        ], CancellationToken.None);
        Assert.Equal(1, written[0].DocumentId);
        Assert.True(written[1].DocumentId > 3);

        await database.MigrateAsync(FirstRelease);
        Assert.Equal(5, await database.CountAsync("SELECT count(*) FROM documents"));
    }
}
