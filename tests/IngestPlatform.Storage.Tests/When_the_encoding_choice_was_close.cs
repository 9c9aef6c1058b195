using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_the_encoding_choice_was_close(PostgresFixture server)
{
    [Fact]
    public async Task Should_keep_the_confidence_and_the_candidates_beside_the_encoding_and_no_candidates_when_it_was_sure()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        var close = Documents.Detected("Привет\nЭто текст в кодировке DOS.", "dos.txt");
        close = close with
        {
            Document = close.Document with
            {
                Encoding = "ibm866",
                EncodingConfidence = 0.62,
                EncodingCandidates = [new EncodingCandidate("ibm866", 0.62), new EncodingCandidate("ibm855", 0.38)],
            },
        };

        await database.Writer.WriteAsync(
            [new(close, Guid.NewGuid()), new(Documents.Detected("Réforme\nLe projet est présenté.", "fr.txt"), Guid.NewGuid())],
            CancellationToken.None);

        Assert.Equal(1, await database.CountAsync(
            """
            SELECT count(*) FROM document_sources
            WHERE encoding = 'ibm866' AND encoding_confidence = 0.62
              AND encoding_candidates = '[{"encoding": "ibm866", "score": 0.62}, {"encoding": "ibm855", "score": 0.38}]'::jsonb
            """));
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM document_sources WHERE encoding = 'utf-8' AND encoding_confidence = 1 AND encoding_candidates IS NULL"));
    }
}
