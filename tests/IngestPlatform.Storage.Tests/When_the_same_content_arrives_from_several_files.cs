using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_the_same_content_arrives_from_several_files(PostgresFixture server)
{
    private const string Article = "Sommet à Genève\nLes négociations entre l'OTAN et la Russie reprennent.";

    [Fact]
    public async Task Should_keep_one_document_with_a_source_per_file()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        var original = Documents.Detected(Article, "article.txt");
        var copy = Documents.Detected(Article, "copie/article-bis.txt");
        // Another encoding or layout of the same article: other raw bytes, same normalized text.
        var otherLayout = Documents.Detected(Article, "article-crlf.txt", rawText: Article.Replace("\n", "\r\n", StringComparison.Ordinal));

        var outcomes = await database.Writer.WriteAsync(
            [new(original, Guid.NewGuid()), new(copy, Guid.NewGuid())], CancellationToken.None);
        var later = await database.Writer.WriteAsync([new(otherLayout, Guid.NewGuid())], CancellationToken.None);

        Assert.False(outcomes[0].WasDuplicate);
        Assert.True(outcomes[1].WasDuplicate);
        Assert.True(later[0].WasDuplicate);
        Assert.Equal(outcomes[0].DocumentId, outcomes[1].DocumentId);
        Assert.Equal(outcomes[0].DocumentId, later[0].DocumentId);
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM document_sources"));
    }

    [Fact]
    public async Task Should_store_a_corrected_file_dropped_again_under_the_same_name()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        var first = await database.Writer.WriteAsync(
            [new(Documents.Detected(Article, "article.txt"), Guid.NewGuid())], CancellationToken.None);
        var corrected = await database.Writer.WriteAsync(
            [new(Documents.Detected(Article + " Un accord est attendu.", "article.txt"), Guid.NewGuid())], CancellationToken.None);

        Assert.False(corrected[0].WasDuplicate);
        Assert.NotEqual(first[0].DocumentId, corrected[0].DocumentId);
        Assert.Equal(2, await database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(2, await database.CountAsync("SELECT count(*) FROM document_sources WHERE relative_path = 'article.txt'"));
    }
}
