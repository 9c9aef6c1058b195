using System.Collections.Concurrent;
using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// The platform for one test: its own virtual host, database and inbox, the four services as real
/// processes (started when the test says), and an observer on the bus that records what storage
/// reports. Disposing prints every service's output to the test log and removes what it made.
/// </summary>
public sealed class Pipeline : IAsyncDisposable
{
    public const string Watcher = "IngestPlatform.Watcher";
    public const string Normalizer = "IngestPlatform.Normalizer";
    public const string LanguageDetector = "IngestPlatform.LanguageDetector";
    public const string Storage = "IngestPlatform.Storage";

    private readonly RabbitMqFixture _broker;
    private readonly Func<Task> _dropDatabase;
    private readonly ITestOutputHelper _output;
    private readonly List<ServiceProcess> _services = [];
    private IBusControl? _observer;

    private Pipeline(RabbitMqFixture broker, Func<string, Task> dropDatabase, ITestOutputHelper output,
        BrokerVirtualHost vhost, string connectionString, string root)
    {
        _broker = broker;
        _dropDatabase = () => dropDatabase(connectionString);
        _output = output;
        VirtualHost = vhost;
        ConnectionString = connectionString;
        Root = root;
    }

    public BrokerVirtualHost VirtualHost { get; }

    public string ConnectionString { get; }

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "inbox");

    public string Processed => Path.Combine(Root, "processed");

    public string Failed => Path.Combine(Root, "failed");

    public string Payloads => Path.Combine(Root, "payloads");

    /// <summary>The services started so far, for a test that reads their memory.</summary>
    public IReadOnlyList<ServiceProcess> Services => _services;

    public ConcurrentQueue<DocumentStored> Stored { get; } = new();

    public string Logs => string.Join(Environment.NewLine, _services.Select(s => s.Output));

    public static async Task<Pipeline> CreateAsync(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
    {
        var root = Directory.CreateTempSubdirectory("ingest-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        return new Pipeline(broker, database.DropDatabaseAsync, output,
            await broker.CreateVirtualHostAsync(), await database.CreateDatabaseAsync(), root);
    }

    /// <summary>Over a PostgreSQL of the test's own (which it may stop); the database goes with the node.</summary>
    public static async Task<Pipeline> CreateAsync(RabbitMqFixture broker, PostgresNode database, ITestOutputHelper output)
    {
        var root = Directory.CreateTempSubdirectory("ingest-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        return new Pipeline(broker, _ => Task.CompletedTask, output,
            await broker.CreateVirtualHostAsync(), await database.CreateDatabaseAsync(), root);
    }

    /// <summary>Starts the given services, as many replicas of each as named.</summary>
    public void Start(params string[] services)
    {
        foreach (var name in services)
        {
            StartService(name);
        }
    }

    /// <summary>Starts one service and hands it back, for a test that kills or restarts it; <paramref name="settings"/> add to or override the defaults.</summary>
    public ServiceProcess StartService(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(VirtualHost.ToEnvironment())
        {
            ["Watcher__InboxPath"] = Inbox,
            // Short windows keep the test fast; the gate itself is the same code.
            ["Watcher__ScanInterval"] = "00:00:00.500",
            ["Watcher__StableFor"] = "00:00:00.300",
            ["Watcher__EmptyFileStableFor"] = "00:00:02",
            ["ConnectionStrings__Ingest"] = ConnectionString,
            // The claim-check store of this test's services only.
            ["Payloads__Path"] = Payloads,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var service = ServiceProcess.Start(name, environment);
        _services.Add(service);
        return service;
    }

    /// <summary>Listens for <see cref="DocumentStored"/> in the test's virtual host (rejections are checked in <c>ingest_failures</c>).</summary>
    public async Task StartObserverAsync()
    {
        _observer = await TestBus.StartAsync(VirtualHost, cfg =>
        {
            cfg.ReceiveEndpoint("e2e-observer", e =>
            {
                e.Handler<DocumentStored>(c =>
                {
                    Stored.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public void Drop(string sourcePath, string? asName = null) =>
        File.Copy(sourcePath, Path.Combine(Inbox, asName ?? Path.GetFileName(sourcePath)));

    public string[] ProcessedFileNames() =>
        Directory.Exists(Processed)
            ? [.. Directory.GetFiles(Processed, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    public async Task<List<DocumentRow>> DocumentsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // Storage migrates in steps (0.3's tables first): both tables must be there.
        if (!await TableExistsAsync(connection, "documents") || !await TableExistsAsync(connection, "document_sources"))
        {
            return [];
        }

        // Named by the first file that delivered it; later copies are further rows of document_sources.
        await using var query = new NpgsqlCommand(
            """
            SELECT d.content_sha256, s.file_name, d.title, d.text, d.language, d.language_confidence
            FROM documents d
            JOIN LATERAL (SELECT file_name FROM document_sources WHERE document_id = d.id ORDER BY id LIMIT 1) s ON true
            ORDER BY s.file_name
            """,
            connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<DocumentRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new DocumentRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetDouble(5)));
        }

        return rows;
    }

    /// <summary>Rows of <c>document_sources</c>: every file that delivered a stored document.</summary>
    public async Task<List<SourceRow>> SourcesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        if (!await TableExistsAsync(connection, "document_sources"))
        {
            return [];
        }

        await using var query = new NpgsqlCommand(
            "SELECT document_id, relative_path, raw_sha256 FROM document_sources ORDER BY relative_path, id", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<SourceRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new SourceRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>Rows of <c>ingest_failures</c>; none before storage has created the schema.</summary>
    public async Task<List<FailureRow>> FailuresAsyncOrEmpty()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        if (!await TableExistsAsync(connection, "ingest_failures"))
        {
            return [];
        }

        await using var query = new NpgsqlCommand("SELECT source_file_name, stage, reason FROM ingest_failures ORDER BY source_file_name", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<FailureRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new FailureRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", "public." + table);
        return (bool)(await exists.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        foreach (var service in _services)
        {
            _output.WriteLine(service.OutputTail(2000));
        }

        if (_observer is not null)
        {
            await _observer.StopAsync();
        }

        await _broker.DeleteVirtualHostAsync(VirtualHost);
        await _dropDatabase();
        Directory.Delete(Root, recursive: true);
    }
}

public sealed record DocumentRow(string ContentSha256, string SourceFileName, string Title, string Text, string Language, double LanguageConfidence);

public sealed record SourceRow(long DocumentId, string RelativePath, string RawSha256);

public sealed record FailureRow(string SourceFileName, string Stage, string Reason);
