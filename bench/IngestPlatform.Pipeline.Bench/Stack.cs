using System.Diagnostics;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.TestSupport;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>
/// The four services as processes (the built Release dlls, as deploy/local/up.sh starts them, with their default
/// settings) in a virtual host, a database and an inbox of their own.
/// </summary>
internal sealed class Stack(Servers servers, BrokerVirtualHost vhost, string connectionString, string root, NpgsqlConnection poll)
    : IAsyncDisposable
{
    public const string Watcher = "IngestPlatform.Watcher";
    public const string Normalizer = "IngestPlatform.Normalizer";
    public const string LanguageDetector = "IngestPlatform.LanguageDetector";
    public const string Storage = "IngestPlatform.Storage";

    // Storage first, so the schema is there; the watcher last.
    private static readonly (string Service, string Stage)[] StartOrder =
        [(Storage, Stages.Storage), (LanguageDetector, Stages.LanguageDetector), (Normalizer, Stages.Normalizer), (Watcher, Stages.Watcher)];

    public BrokerVirtualHost VirtualHost { get; } = vhost;

    public string ConnectionString { get; } = connectionString;

    public string Root { get; } = root;

    public string Inbox => Path.Combine(Root, "inbox");

    public string Staging => Path.Combine(Root, "staging");

    public List<ServiceProcess> Services { get; } = [];

    /// <summary>Starts every stage (storage first, so the schema is there), <paramref name="replicas"/> naming extra copies of one.</summary>
    public static async Task<Stack> StartAsync(Servers servers, IReadOnlyDictionary<string, int> replicas, IReadOnlyDictionary<string, string> settings)
    {
        var root = Directory.CreateTempSubdirectory("ingest-pipeline-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        var vhost = await servers.Broker.CreateVirtualHostAsync();
        // The fixture hands out unpooled connection strings (tests drop their databases at once); the services get a
        // pooled one, as deploy/local/up.sh gives them: unpooled, storage opened (forked, authenticated) a backend per batch.
        var connectionString = new NpgsqlConnectionStringBuilder(await servers.Postgres.CreateDatabaseAsync()) { Pooling = true }.ConnectionString;
        // The poll of the bench itself: one connection kept open, not a backend started per poll.
        var poll = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await poll.OpenAsync();
        var stack = new Stack(servers, vhost, connectionString, root, poll);
        var environment = new Dictionary<string, string>(vhost.ToEnvironment())
        {
            ["Watcher__InboxPath"] = stack.Inbox,
            ["ConnectionStrings__Ingest"] = connectionString,
            ["Payloads__Path"] = Path.Combine(root, "payloads"),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (service, _) in StartOrder)
        {
            for (var i = 0; i < replicas.GetValueOrDefault(service, 1); i++)
            {
                stack.Services.Add(ServiceProcess.Start(service, environment));
            }
        }

        await stack.WaitForConsumersAsync(replicas, TimeSpan.FromMinutes(3));
        return stack;
    }

    /// <summary>The stage a service's process runs (<see cref="Watcher"/> runs <see cref="Stages.Watcher"/>...).</summary>
    public static string StageOf(string service) => StartOrder.Single(s => s.Service == service).Stage;

    public IEnumerable<ServiceProcess> Replicas(string service) => Services.Where(s => s.Name == service);

    /// <summary>Moves staged files into the inbox: a rename each, so the watcher never sees a half-written file.</summary>
    public void Drop(IEnumerable<string> staged)
    {
        foreach (var path in staged)
        {
            File.Move(path, Path.Combine(Inbox, Path.GetFileName(path)));
        }
    }

    public async Task<long> StoredFilesAsync()
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM document_sources", poll);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<bool> IsStoredAsync(string fileName)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM document_sources WHERE file_name = @name)", poll);
        command.Parameters.AddWithValue("name", fileName);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until at least <paramref name="count"/> files are stored; fails if a service dies or nothing moves for a minute.</summary>
    public async Task WaitForStoredAsync(long count, TimeSpan pollEvery)
    {
        var last = -1L;
        var progress = Stopwatch.StartNew();
        while (true)
        {
            var stored = await StoredFilesAsync();
            if (stored >= count)
            {
                return;
            }

            if (stored != last)
            {
                last = stored;
                progress.Restart();
            }

            ThrowIfExited();
            if (progress.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"{stored} of {count} files stored, none more for a minute.{Environment.NewLine}{Tails()}");
            }

            await Task.Delay(pollEvery);
        }
    }

    /// <summary>Documents, distinct sources and distinct paths: the proof that nothing was stored twice or lost.</summary>
    public async Task<(long Documents, long Sources, long Paths, long Failures)> CountsAsync()
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM document_sources),
                   (SELECT count(DISTINCT relative_path) FROM document_sources), (SELECT count(*) FROM ingest_failures)
            """, poll);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>First discovery and last store of the files whose name starts with <paramref name="prefix"/> (PostgreSQL's clock).</summary>
    public async Task<(DateTime FirstDiscovered, DateTime LastStored)> SpanAsync(string prefix)
    {
        await using var command = new NpgsqlCommand(
            "SELECT min(discovered_at), max(stored_at) FROM document_sources WHERE file_name LIKE @prefix", poll);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDateTime(0), reader.GetDateTime(1));
    }

    public void ThrowIfExited()
    {
        if (Services.FirstOrDefault(s => s.HasExited) is { } dead)
        {
            throw new InvalidOperationException($"{dead.Name} exited:{Environment.NewLine}{dead.OutputTail(100)}");
        }
    }

    public string Tails() => string.Join(Environment.NewLine, Services.Select(s => s.OutputTail(30)));

    private async Task WaitForConsumersAsync(IReadOnlyDictionary<string, int> replicas, TimeSpan timeout)
    {
        var factory = new ConnectionFactory
        {
            HostName = VirtualHost.Host, Port = VirtualHost.Port, VirtualHost = VirtualHost.VirtualHost,
            UserName = VirtualHost.Username, Password = VirtualHost.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        var clock = Stopwatch.StartNew();
        foreach (var (service, queue) in StartOrder.SelectMany(s => QueueNames.ConsumedBy(s.Stage).Select(q => (s.Service, q))))
        {
            while (true)
            {
                ThrowIfExited();
                // A passive declare of a queue not declared yet closes the channel: a fresh one per poll.
                await using (var channel = await connection.CreateChannelAsync())
                {
                    try
                    {
                        if ((await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount >= replicas.GetValueOrDefault(service, 1))
                        {
                            break;
                        }
                    }
                    catch (OperationInterruptedException)
                    {
                        // Not declared yet.
                    }
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"'{queue}' has not all its consumers after {timeout}.{Environment.NewLine}{Tails()}");
                }

                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Services)
        {
            await service.DisposeAsync();
        }

        await poll.DisposeAsync();
        await servers.Broker.DeleteVirtualHostAsync(VirtualHost);
        await servers.Postgres.DropDatabaseAsync(ConnectionString);
        Directory.Delete(Root, recursive: true);
    }
}
