using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_a_mixed_document_is_stored(PostgresFixture server)
{
    [Fact]
    public async Task Should_keep_its_language_segments_and_none_for_a_document_in_one_language()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        var mixed = Documents.Detected("Réforme\nLe projet de loi est présenté.\nThe bill is presented.", "mixed.txt") with
        {
            Segments = [new LanguageSpan(0, 39, "fr", 0.98), new LanguageSpan(39, 23, "en", 0.95)],
        };

        await database.Writer.WriteAsync(
            [new(mixed, Guid.NewGuid()), new(Documents.Detected("Réforme\nLe projet est présenté.", "fr.txt"), Guid.NewGuid())],
            CancellationToken.None);

        Assert.Equal(1, await database.CountAsync(
            """
            SELECT count(*) FROM documents
            WHERE language_segments @> '[{"start": 39, "length": 23, "language": "en"}]' AND jsonb_array_length(language_segments) = 2
            """));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM documents WHERE language_segments IS NULL"));
    }
}
