using System.Diagnostics;
using IngestPlatform.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The whole pipeline losing its broker in the middle of a burst, in two ways: a full restart (<c>rabbitmqctl stop</c>,
/// a new node process on the same ports and data 5 s later), or the network to it cut for 30 s (every packet dropped:
/// nothing closed or refused; longer than the services' heartbeat timeout, so every connection is given up on both
/// sides and made again). The four services as processes on a RabbitMQ
/// node of the test's own (the shared one serves the tests running in parallel) and the shared PostgreSQL in a
/// database of their own. Every file is stored exactly once, nothing is recorded as a failure, nothing is left in
/// the inbox, and nothing is dead-lettered by a stage whose broker went away mid-message. Prints the recovery
/// times (broker back -> last file published, -> last file stored).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_the_whole_pipeline_loses_its_broker_mid_burst(PostgresFixture database, ITestOutputHelper output)
{
    private const int Files = 300;

    // Dropped while the broker is down, so the watcher has files to take when it comes back however fast the first wave went.
    private const int FilesWhileDown = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [SkippableTheory]
    [InlineData("stopped")]
    [InlineData("cut off")]
    public async Task Should_store_every_file_once_with_no_failure_and_nothing_dead_lettered(string fault)
    {
        await using var node = await RabbitMqNode.StartAsync();
        var cut = fault == "cut off";
        Skip.If(cut && node.Network is null, PortCut.Requirements);
        var outage = TimeSpan.FromSeconds(cut ? 30 : 5);
        var connectionString = await database.CreateDatabaseAsync();
        var root = Directory.CreateTempSubdirectory("ingest-e2e-restart-").FullName;
        var inbox = Directory.CreateDirectory(Path.Combine(root, "inbox")).FullName;
        var services = new List<ServiceProcess>();
        try
        {
            var environment = new Dictionary<string, string>(node.VirtualHost.ToEnvironment())
            {
                ["Watcher__InboxPath"] = inbox,
                ["Watcher__ScanInterval"] = "00:00:00.500",
                ["Watcher__StableFor"] = "00:00:00.300",
                ["Watcher__EmptyFileStableFor"] = "00:00:02",
                ["Watcher__PublishTimeout"] = "00:00:05",
                ["Watcher__StuckAfter"] = "00:00:10",
                ["ConnectionStrings__Ingest"] = connectionString,
            };
            foreach (var name in new[] { "IngestPlatform.Storage", "IngestPlatform.LanguageDetector", "IngestPlatform.Normalizer", "IngestPlatform.Watcher" })
            {
                services.Add(ServiceProcess.Start(name, environment));
            }

            string Logs() => string.Join(Environment.NewLine, services.Select(s => s.Output));
            await Eventually.WaitUntilAsync(() => services[^1].Output.Contains("Active watcher for", StringComparison.Ordinal),
                Patience, "the watcher to start", Logs);

            await WriteAsync(inbox, 0, Files);

            // About a second in: the first files are through the watcher, most are still to come.
            var processed = Path.Combine(root, "processed");
            int Moved() => Directory.Exists(processed) ? Directory.GetFiles(processed, "*", SearchOption.AllDirectories).Length : 0;
            await Eventually.WaitUntilAsync(() => Moved() >= 10, Patience, "the burst to be under way", Logs);

            await (cut ? node.Network!.CutAsync() : node.StopAsync());
            var down = Stopwatch.StartNew();
            var movedAtStop = Moved();
            await WriteAsync(inbox, Files, FilesWhileDown);
            const int all = Files + FilesWhileDown;
            await Eventually.WaitUntilAsync(() => down.Elapsed >= outage, outage + TimeSpan.FromSeconds(30), "the outage to run its length");
            await (cut ? node.Network!.RestoreAsync() : node.StartAgainAsync());
            var back = Stopwatch.StartNew();

            await Eventually.WaitUntilAsync(() => Moved() >= all, Patience, "every file published and moved", Logs);
            var published = back.Elapsed;
            var sources = await Eventually.WaitForAsync(() => SourcesAsync(connectionString), s => s.Count >= all, Patience,
                "every file in document_sources", Logs);
            var stored = back.Elapsed;
            output.WriteLine($"Broker {fault} after {movedAtStop} of {Files} files moved ({FilesWhileDown} more dropped while it was down), down {down.Elapsed.TotalSeconds - back.Elapsed.TotalSeconds:0.0} s " +
                $"(node start included); broker back -> last file published {published.TotalSeconds:0.0} s, -> last file stored {stored.TotalSeconds:0.0} s");

            // A marker dropped last: once it is stored, every re-sent copy before it has been through storage too.
            await File.WriteAllTextAsync(Path.Combine(inbox, "zz-marker.txt"),
                "Dernier article : la séance est levée à minuit, le maire remercie les habitants venus nombreux.");
            sources = await Eventually.WaitForAsync(() => SourcesAsync(connectionString), s => s.Contains("zz-marker.txt"), Patience,
                "the marker in document_sources", Logs);

            Assert.Equal(all + 1, sources.Count);
            Assert.Equal(all + 1, sources.Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(await FailuresAsync(connectionString));
            Assert.DoesNotContain(Directory.GetFiles(inbox), f => !Path.GetFileName(f).StartsWith('.'));
            Assert.False(Directory.Exists(Path.Combine(root, "failed")) && Directory.EnumerateFileSystemEntries(Path.Combine(root, "failed")).Any());
            var queues = await node.GetQueuesAsync();
            output.WriteLine(string.Join(", ", queues.Select(q => $"{q.Name}={q.Messages}")));
            Assert.DoesNotContain(queues, q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0);
            Assert.DoesNotContain(queues, q => q.Name.EndsWith("_skipped", StringComparison.Ordinal) && q.Messages > 0);
            // Generous: a wedged watcher or a stage that stopped consuming never gets here at all.
            Assert.InRange(stored, TimeSpan.Zero, TimeSpan.FromSeconds(180));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
                output.WriteLine(service.Output);
            }

            await database.DropDatabaseAsync(connectionString);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WriteAsync(string inbox, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox, $"article-{i:000}.txt"),
                $"Article numéro {i}. Le conseil municipal s'est réuni mardi soir pour voter le budget de l'année {2000 + i}, " +
                "après un long débat sur la rénovation des écoles et le prix de l'eau dans la commune.");
        }
    }

    /// <summary>Relative paths in <c>document_sources</c>, a path twice if stored twice.</summary>
    private static async Task<List<string>> SourcesAsync(string connectionString) =>
        await QueryAsync(connectionString, "document_sources", "SELECT relative_path FROM document_sources ORDER BY relative_path");

    private static async Task<List<string>> FailuresAsync(string connectionString) =>
        await QueryAsync(connectionString, "ingest_failures", "SELECT source_file_name || ': ' || stage || ': ' || reason FROM ingest_failures");

    private static async Task<List<string>> QueryAsync(string connectionString, string table, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("table", "public." + table);
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return [];
            }
        }

        await using var query = new NpgsqlCommand(sql, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
