using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_a_batch_is_written_twice(PostgresFixture server)
{
    [Fact]
    public async Task Should_store_nothing_twice_and_report_the_same_documents()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        IncomingDocument[] batch =
        [
            new(Documents.Detected("Premier article\nLes négociations reprennent à Genève.", "a.txt"), Guid.NewGuid()),
            new(Documents.Detected("Second article\nL'OTAN et la Russie se parlent.", "b.txt"), Guid.NewGuid()),
            new(Documents.Detected("Third article\nTalks resume in Geneva.", "sub/c.txt", "en"), Guid.NewGuid()),
        ];

        var first = await database.Writer.WriteAsync(batch, CancellationToken.None);
        var redelivered = await database.Writer.WriteAsync(batch, CancellationToken.None);
        // After a watcher crash between publish and move, the same file comes again with a new pickup id.
        var republished = await database.Writer.WriteAsync(
            [.. batch.Select(d => d with { Message = Documents.Republished(d.Message), MessageId = Guid.NewGuid() })],
            CancellationToken.None);

        Assert.All(first, o => Assert.False(o.WasDuplicate));
        Assert.Equal(first.Select(o => o.DocumentId), redelivered.Select(o => o.DocumentId));
        Assert.Equal(first.Select(o => o.DocumentId), republished.Select(o => o.DocumentId));
        Assert.All(redelivered.Concat(republished), o => Assert.True(o.WasDuplicate));
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM document_sources"));
    }
}
