using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_a_batch_holds_a_row_postgresql_refuses(PostgresFixture server)
{
    [Fact]
    public async Task Should_store_the_good_rows_and_return_the_refusal_for_the_bad_one()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        // PostgreSQL text cannot hold U+0000; the normalizer strips it, a foreign or buggy publisher might not.
        IncomingDocument[] batch =
        [
            .. Enumerable.Range(0, 4).Select(i => new IncomingDocument(Documents.Detected($"Article {i}\nTexte numéro {i}.", $"{i}.txt"), Guid.NewGuid())),
            new(Documents.Detected("Article cassé\nUn caractère \0 nul.", "bad.txt"), Guid.NewGuid()),
            .. Enumerable.Range(5, 4).Select(i => new IncomingDocument(Documents.Detected($"Article {i}\nTexte numéro {i}.", $"{i}.txt"), Guid.NewGuid())),
        ];

        var outcomes = await database.Writer.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Length, outcomes.Count);
        var refused = Assert.Single(outcomes, o => o.DocumentId is null);
        Assert.Same(refused, outcomes[4]);
        Assert.Contains("0x00", refused.Refusal, StringComparison.Ordinal);
        Assert.Equal(8, await database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM document_sources WHERE relative_path = 'bad.txt'"));
    }
}
