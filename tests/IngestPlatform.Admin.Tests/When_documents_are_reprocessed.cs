using IngestPlatform.Storage.Tests;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

/// <summary>
/// <c>reprocess</c> end to end: stored documents sent back through the real language detector or normalizer, and
/// storage updating them in place (or merging them) with a history row per run.
/// </summary>
[Collection(AdminCollection.Name)]
public class When_documents_are_reprocessed(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_redetect_the_language_in_place_and_record_the_run_once()
    {
        await using var stack = await AdminStack.StartAsync(broker, server, output, "IngestPlatform.Storage", "IngestPlatform.LanguageDetector");
        var french = await File.ReadAllTextAsync(Directory.GetFiles(RepositoryPaths.Seeds, "000_*.txt").Single());
        // A French article stored as German by an older detector (its stamp has no version: older than any).
        await stack.StoreAsync(Documents.Detected(french, "seed.txt", language: "de"), Documents.Detected("Guten Tag\nDas ist ein deutscher Satz über das Wetter in Berlin.", "de.txt", language: "de"));
        var id = await stack.ScalarAsync<long>("SELECT id FROM documents WHERE language = 'de' AND title <> 'Guten Tag'");

        var (exitCode, text, _) = await stack.AdminAsync("reprocess", "--stage", "language-detector", "--language", "de", "--before-version", "0.5.0");

        Assert.Equal(0, exitCode);
        Assert.Contains("Sent 2 document(s) through the language-detector for reprocessing", text, StringComparison.Ordinal);
        var history = await Eventually.WaitForAsync(
            () => stack.RowsAsync("SELECT document_id, stage, action, from_version, to_version, detail FROM document_history ORDER BY document_id"),
            rows => rows.Count >= 2, AdminStack.Patience, "two history rows", () => stack.Logs);
        var row = await stack.RowsAsync($"SELECT language, search_config, detector_version FROM documents WHERE id = {id}");
        Assert.Equal("fr", row[0][0]);
        Assert.Equal("french", row[0][1]);
        Assert.StartsWith("language-detector ", (string)row[0][2]!, StringComparison.Ordinal);
        var entry = Assert.Single(history, h => (long)h[0]! == id);
        Assert.Equal(["language-detector", "updated", "language-detector test"], entry[1..4]);
        Assert.Contains("language de (0.99) -> fr", (string)entry[5]!, StringComparison.Ordinal);
        // Nothing inserted: the same two documents, the same sources.
        Assert.Equal(2L, await stack.ScalarAsync<long>("SELECT count(*) FROM documents"));
        Assert.Equal(2L, await stack.ScalarAsync<long>("SELECT count(*) FROM document_sources"));

        // The German one is still German, now by the current detector: a second run for older versions finds nothing.
        var (againExit, again, _) = await stack.AdminAsync("reprocess", "--stage", "language-detector", "--before-version", "0.0.1");
        Assert.Equal(0, againExit);
        Assert.Contains("Sent 0 document(s)", again, StringComparison.Ordinal);
        Assert.Equal(2L, await stack.ScalarAsync<long>("SELECT count(*) FROM document_history"));
    }

    [Fact]
    public async Task Should_renormalize_from_the_original_text_and_merge_documents_whose_new_texts_are_the_same()
    {
        await using var stack = await AdminStack.StartAsync(
            broker, server, output, "IngestPlatform.Storage", "IngestPlatform.LanguageDetector", "IngestPlatform.Normalizer");
        var seed = await File.ReadAllTextAsync(Directory.GetFiles(RepositoryPaths.Seeds, "001_*.txt").Single());
        // Two files of the same article whose stored texts differ (as an older, buggier normalizer made them): two documents.
        await stack.StoreAsync(
            Documents.Detected("Ancien titre\nTexte mal nettoyé, version A.", "a.txt", rawText: seed),
            Documents.Detected("Ancien titre\nTexte mal nettoyé, version B.", "b.txt", rawText: seed + "\n"));
        Assert.Equal(2L, await stack.ScalarAsync<long>("SELECT count(*) FROM documents"));

        var (exitCode, text, _) = await stack.AdminAsync("reprocess", "--stage", "normalizer");

        Assert.Equal(0, exitCode);
        Assert.Contains("Sent 2 document(s) through the normalizer for reprocessing", text, StringComparison.Ordinal);
        var history = await Eventually.WaitForAsync(
            () => stack.RowsAsync("SELECT document_id, reprocessed_document_id, stage, action, detail FROM document_history ORDER BY action DESC"),
            rows => rows.Count >= 2, AdminStack.Patience, "two history rows", () => stack.Logs);

        // The normalizer makes one text of both: the first re-run updated its document in place, the second found that
        // text already stored and merged into it, its sources (and history) moved over, its row gone.
        var survivor = Assert.Single(await stack.RowsAsync("SELECT id, title, text, original_text, normalizer_version, language FROM documents"));
        Assert.DoesNotContain("Ancien titre", (string)survivor[1]!, StringComparison.Ordinal);
        Assert.DoesNotContain("mal nettoyé", (string)survivor[2]!, StringComparison.Ordinal);
        Assert.StartsWith("normalizer ", (string)survivor[4]!, StringComparison.Ordinal);
        Assert.Equal("fr", survivor[5]);
        Assert.Equal([survivor[0], survivor[0]], (await stack.RowsAsync("SELECT document_id FROM document_sources")).Select(r => r[0]));
        Assert.Equal(["updated", "merged"], history.Select(h => (string)h[3]!));
        Assert.All(history, h => Assert.Equal(survivor[0], h[0]));
        Assert.Contains("text changed", (string)history[0][4]!, StringComparison.Ordinal);
        Assert.Contains("sources and history moved to it", (string)history[1][4]!, StringComparison.Ordinal);
        Assert.NotEqual(survivor[0], history[1][1]);
    }
}
