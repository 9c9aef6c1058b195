using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Normalizer;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// Builds a database the way the pipeline would: storage's migrations for the schema, the real
/// normalizer for the seed articles, storage's batch writer and failure recorder for the rows.
/// </summary>
public static class Catalogue
{
    public const string NormalizerVersion = "normalizer 0.4.0";

    public const string DetectorVersion = "language-detector 0.4.0 (fast)";

    public const string English = "en";

    public const string German = "de";

    public const string Undetermined = "und";

    /// <summary>The seed articles' keys (file-name prefixes), in file order.</summary>
    public static readonly IReadOnlyList<string> Seeds = ["000", "001", "002", "003", "004"];

    private static readonly TextNormalizer Normalizer = new();

    public static async Task MigrateAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new IngestDbContext(options);
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// Writes the five French seeds (stored on 1-5 January 2026, one a day), an English, a German and an
    /// undetermined text (6-8 January), a second copy of seed 002 and four failures; returns the ids.
    /// </summary>
    public static async Task<SeededCatalogue> SeedAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var writer = new DocumentBatchWriter(dataSource);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var fileIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var day = 0;

        var documents = new List<(string Key, IncomingDocument Document, DateTimeOffset StoredAt)>();
        foreach (var seed in Seeds)
        {
            var fileName = Directory.GetFiles(RepositoryPaths.Seeds, $"{seed}_*.txt").Single();
            documents.Add((seed, FromFile(Path.GetFileName(fileName), File.ReadAllBytes(fileName), At(day++), "fr", "it"), At(day - 1)));
        }

        // The English text as the detector reports a mixed document: a title line it read as French, then English.
        var english = FromText("nato-talks.txt", EnglishText, At(day++), English, "fr");
        documents.Add((English, english with { Message = english.Message with { Segments = EnglishSegments } }, At(day - 1)));
        documents.Add((German, FromText("nato-gespraeche.txt", GermanText, At(day++), German, "nl"), At(day - 1)));
        documents.Add((Undetermined, FromText("list.txt", UndeterminedText, At(day++), Undetermined, null), At(day - 1)));

        var outcomes = await writer.WriteAsync([.. documents.Select(d => d.Document)], CancellationToken.None);
        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Null(outcomes[i].Refusal);
            ids[documents[i].Key] = outcomes[i].DocumentId!.Value;
            fileIds[documents[i].Key] = documents[i].Document.Message.Document.Source.FileId;
        }

        // The same bytes as seed 002 dropped again later under another name: one document, two sources.
        var seed002 = Directory.GetFiles(RepositoryPaths.Seeds, "002_*.txt").Single();
        var copy = FromFile("copies/002-again.txt", File.ReadAllBytes(seed002), At(20), "fr", "it");
        var copyOutcome = Assert.Single(await writer.WriteAsync([copy], CancellationToken.None));
        Assert.True(copyOutcome.WasDuplicate);
        fileIds[CopyOf002] = copy.Message.Document.Source.FileId;

        // The writer stamps stored_at with now(); pin it so the time filters and "newest first" have
        // known answers (the other stage times come from the messages, one second apart).
        await using (var batch = dataSource.CreateBatch())
        {
            foreach (var (key, _, storedAt) in documents)
            {
                batch.BatchCommands.Add(Pin("UPDATE documents SET stored_at = $1 WHERE id = $2", storedAt, ids[key]));
                batch.BatchCommands.Add(Pin("UPDATE document_sources SET stored_at = $1 WHERE file_id = $2", storedAt, fileIds[key]));
            }

            batch.BatchCommands.Add(Pin("UPDATE document_sources SET stored_at = $1 WHERE file_id = $2", At(20), fileIds[CopyOf002]));
            await batch.ExecuteNonQueryAsync();
        }

        var failures = new FailureRecorder(dataSource);
        // Seed 003's delivery faulted in storage once (database down too long); once moved back from the
        // error queue it was stored: the document's history shows both.
        await failures.RecordAsync(
            new FailureReport(
                documents.Single(d => d.Key == "003").Document.Message.Document.Source, "storage", FailureKinds.Fault,
                "Npgsql.NpgsqlException: Failed to connect to 127.0.0.1:5432", Guid.NewGuid(), At(3).AddMinutes(-30)),
            CancellationToken.None);
        await failures.RecordAsync(
            new FailureReport(Source("empty.txt", [], At(30)), "watcher", FailureKinds.Rejected, "The file is empty.", null, At(30))
            {
                ReasonCode = RefusalReasons.Empty,
                FailedPath = EmptyFileFailedPath,
            },
            CancellationToken.None);
        await failures.RecordAsync(
            new FailureReport(
                Source("photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0], At(31)), "normalizer", FailureKinds.Rejected,
                "The file is binary (JPEG image signature), not text.", Guid.NewGuid(), At(31))
            {
                ReasonCode = RefusalReasons.Binary,
            },
            CancellationToken.None);
        await failures.RecordAsync(
            new FailureReport(
                Source("huge.txt", [0x41], At(32)), "language-detector", FailureKinds.Fault,
                "System.OutOfMemoryException: Insufficient memory to continue the execution of the program.", Guid.NewGuid(), At(32)),
            CancellationToken.None);

        return new SeededCatalogue(ids, fileIds);
    }

    public const string CopyOf002 = "002-copy";

    public const string EmptyFileFailedPath = "/srv/ingest/failed/empty.txt";

    /// <summary>Midnight UTC on 1 January 2026 plus <paramref name="days"/> days, at 10:00.</summary>
    public static DateTimeOffset At(int days) => new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero).AddDays(days);

    public static IncomingDocument FromFile(string relativePath, byte[] bytes, DateTimeOffset storedAt, string language, string? runnerUp)
    {
        var normalized = Normalizer.Normalize(bytes).Document ?? throw new InvalidOperationException($"{relativePath} did not normalize.");
        return Incoming(DocumentNormalizedMapping.From(Source(relativePath, bytes, storedAt), normalized, NormalizedAt(storedAt)), storedAt, language, runnerUp);
    }

    public static IncomingDocument FromText(string fileName, string text, DateTimeOffset storedAt, string language, string? runnerUp) =>
        Incoming(
            Messages.DocumentNormalized(text, fileName) with { Source = Source(fileName, Encoding.UTF8.GetBytes(text), storedAt), Stage = NormalizedAt(storedAt) },
            storedAt, language, runnerUp);

    private static IncomingDocument Incoming(DocumentNormalized normalized, DateTimeOffset storedAt, string language, string? runnerUp) =>
        new(
            Messages.LanguageDetected(normalized, language, 0.97, runnerUp) with { Stage = new StageStamp(DetectorVersion, storedAt.AddSeconds(-1)) },
            Guid.NewGuid());

    private static StageStamp NormalizedAt(DateTimeOffset storedAt) => new(NormalizerVersion, storedAt.AddSeconds(-2));

    private static SourceFile Source(string relativePath, byte[] bytes, DateTimeOffset storedAt) =>
        Messages.SourceFile(relativePath, bytes, storedAt.AddHours(-1)) with { DiscoveredAt = storedAt.AddSeconds(-3) };

    private static NpgsqlBatchCommand Pin(string sql, DateTimeOffset at, object key) =>
        new(sql) { Parameters = { new NpgsqlParameter { Value = at }, new NpgsqlParameter { Value = key } } };

    /// <summary>The language segments the English document is stored with.</summary>
    public static readonly IReadOnlyList<LanguageSpan> EnglishSegments = [new(0, 57, "fr", 0.41), new(57, 200, "en", 0.99)];

    private const string EnglishText = """
        NATO and Moscow resume negotiations on European security
        Diplomats said the negotiating teams met in Geneva for a second round. The alliance offered talks on
        missile deployments and military exercises, while Russia repeated its demand for written guarantees.
        Both sides described the meeting as useful but said deep differences remained.
        """;

    private const string GermanText = """
        NATO und Russland setzen die Verhandlungen fort
        Nach vier Stunden Gesprächen in Brüssel erklärte der Generalsekretär, das Bündnis sei zu ernsthafter
        Diplomatie bereit. Die russische Delegation forderte erneut schriftliche Garantien für die Sicherheit.
        """;

    private const string UndeterminedText = """
        lorem ipsum dolor
        lorem ipsum dolor sit amet consectetur adipiscing elit 2026 42 17
        """;
}

/// <summary>Document ids and source file ids of a seeded database, by key (<c>000</c>-<c>004</c>, <c>en</c>, <c>de</c>, <c>und</c>).</summary>
public sealed record SeededCatalogue(IReadOnlyDictionary<string, long> DocumentIds, IReadOnlyDictionary<string, Guid> FileIds);
