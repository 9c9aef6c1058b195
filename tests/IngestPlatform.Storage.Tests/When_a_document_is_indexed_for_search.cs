using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_a_document_is_indexed_for_search(PostgresFixture server)
{
    [Fact]
    public async Task Should_stem_with_the_configuration_of_its_language()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        await database.Writer.WriteAsync(
        [
            new(Documents.Detected("Genève\nLes négociations reprennent entre diplomates.", "fr.txt"), Guid.NewGuid()),
            new(Documents.Detected("Geneva\nThe negotiations resume between diplomats.", "en.txt", "en"), Guid.NewGuid()),
            new(Documents.Detected("Xyz\nNegotiationsxx qqq.", "und.txt", "und"), Guid.NewGuid()),
        ], CancellationToken.None);

        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM documents WHERE search_config = 'french' AND search_vector @@ websearch_to_tsquery('french', 'négociation diplomate')"));
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM documents WHERE search_config = 'english' AND search_vector @@ websearch_to_tsquery('english', 'negotiation diplomat')"));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM documents WHERE language = 'und' AND search_config = 'simple'"));
        // The title outweighs the body: weight A on the title.
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM documents WHERE search_vector @@ to_tsquery('french', 'genev:A')"));
    }
}
