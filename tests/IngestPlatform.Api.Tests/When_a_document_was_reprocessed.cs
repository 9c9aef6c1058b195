using System.Net;
using System.Net.Http.Json;
using IngestPlatform.Api.Documents;
using IngestPlatform.Contracts;
using IngestPlatform.Storage.Data;
using Npgsql;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// Storage's reprocess path (<see cref="DocumentReprocessor"/>, as storage runs it for a message the admin tool marked)
/// seen through the API: the document changed in place and its page lists the run; a document merged away is gone.
/// </summary>
[Collection(ApiCollection.Name)]
public class When_a_document_was_reprocessed(ApiFixture api)
{
    [Fact]
    public async Task Should_show_the_new_language_and_the_run_in_its_history_once_however_often_it_was_delivered()
    {
        var connectionString = await api.CreateDatabaseAsync(migrate: true);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var stored = Catalogue.FromText("nato.txt", "NATO talks\nThe alliance and Moscow met in Geneva.", DateTimeOffset.UtcNow, "de", null);
        var id = (await new DocumentBatchWriter(dataSource).WriteAsync([stored], CancellationToken.None))[0].DocumentId!.Value;
        var run = new Reprocessing(id, "language-detector", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var redetected = stored.Message with
        {
            Document = stored.Message.Document with { Reprocess = run },
            Language = "en",
            Confidence = 0.93,
            Stage = new StageStamp("language-detector 0.5.0 (fast)", DateTimeOffset.UtcNow),
        };
        var reprocessor = new DocumentReprocessor(dataSource);

        // Delivered twice, as a redelivery after a crash would.
        foreach (var _ in new[] { 1, 2 })
        {
            var outcome = await reprocessor.ApplyAsync(new IncomingDocument(redetected, Guid.NewGuid()), CancellationToken.None);
            Assert.Equal((id, (string?)null), (outcome.DocumentId!.Value, outcome.Refusal));
        }

        await using var factory = new ApiFactory(connectionString);
        var document = (await factory.CreateClient().GetFromJsonAsync<DocumentDetail>($"/documents/{id}"))!;
        Assert.Equal(("en", "english", "language-detector 0.5.0 (fast)"), (document.Language, document.SearchConfig, document.Versions.Detector));
        var entry = Assert.Single(document.History!);
        Assert.Equal(("language-detector", "updated", Catalogue.DetectorVersion, "language-detector 0.5.0 (fast)", id),
            (entry.Stage, entry.Action, entry.FromVersion, entry.ToVersion, entry.ReprocessedDocumentId));
        Assert.Equal("language de (0.97) -> en (0.93)", entry.Detail);
    }

    [Fact]
    public async Task Should_answer_404_for_a_document_merged_into_another_and_list_the_merge_on_the_survivor()
    {
        var connectionString = await api.CreateDatabaseAsync(migrate: true);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var now = DateTimeOffset.UtcNow;
        var clean = Catalogue.FromText("clean.txt", "Titre\nTexte propre.", now, "fr", null);
        var stale = Catalogue.FromText("stale.txt", "Titre\nTexte mal nettoyé.", now, "fr", null);
        var outcomes = await new DocumentBatchWriter(dataSource).WriteAsync([clean, stale], CancellationToken.None);
        var (survivor, merged) = (outcomes[0].DocumentId!.Value, outcomes[1].DocumentId!.Value);
        // The stale document re-normalized: its new text is the clean one's.
        var renormalized = clean.Message with
        {
            Document = clean.Message.Document with
            {
                Source = stale.Message.Document.Source,
                Stage = new StageStamp("normalizer 0.5.0", now),
                Reprocess = new Reprocessing(merged, "normalizer", Guid.NewGuid(), now),
            },
        };

        var outcome = await new DocumentReprocessor(dataSource).ApplyAsync(new IncomingDocument(renormalized, Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(survivor, outcome.DocumentId);
        await using var factory = new ApiFactory(connectionString);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/documents/{merged}", UriKind.Relative))).StatusCode);
        var document = (await client.GetFromJsonAsync<DocumentDetail>($"/documents/{survivor}"))!;
        Assert.Equal(["clean.txt", "stale.txt"], document.Sources.Select(s => s.FileName).Order(StringComparer.Ordinal));
        var entry = Assert.Single(document.History!);
        Assert.Equal(("normalizer", "merged", merged), (entry.Stage, entry.Action, entry.ReprocessedDocumentId));
        Assert.Contains($"document {merged}'s sources and history moved to it", entry.Detail, StringComparison.Ordinal);
    }
}
