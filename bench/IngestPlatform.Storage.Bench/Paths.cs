using System.Diagnostics;
using System.Net.Http.Json;
using IngestPlatform.Contracts;
using IngestPlatform.Storage.Data;
using MassTransit;
using Npgsql;

namespace IngestPlatform.Storage.Bench;

/// <summary>The ways of getting the same rows into PostgreSQL that the table compares.</summary>
internal static class Paths
{
    /// <summary>One binary COPY into a plain table; with <paramref name="searchIndexed"/>, the table also has the same generated search vector and GIN index as <c>documents</c>.</summary>
    public static async Task<TimeSpan> RawCopyAsync(BenchDatabases databases, LanguageDetected[] messages, bool searchIndexed)
    {
        var connectionString = await databases.CreateAsync(migrate: searchIndexed);
        await BenchDatabases.ExecuteAsync(connectionString, searchIndexed
            ? $"""
              CREATE TABLE raw_documents ({DocumentBatchWriter.RowColumns},
                  search_vector tsvector GENERATED ALWAYS AS ({SearchVectorFunction.Name}(search_config, title, text)) STORED);
              CREATE INDEX ON raw_documents USING GIN (search_vector);
              """
            : $"CREATE TABLE raw_documents ({DocumentBatchWriter.RowColumns})");
        var rows = Incoming(messages);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var stopwatch = Stopwatch.StartNew();
        await DocumentBatchWriter.CopyRowsAsync(connection, "raw_documents", rows, CancellationToken.None);
        return stopwatch.Elapsed;
    }

    public static async Task<TimeSpan> WriterAsync(BenchDatabases databases, LanguageDetected[] messages, int batchSize, int concurrency)
    {
        var connectionString = await databases.CreateAsync(migrate: true);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var writer = new DocumentBatchWriter(dataSource);
        var batches = Incoming(messages).Chunk(batchSize).ToArray();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (batch, ct) => await writer.WriteAsync(batch, ct));
        var elapsed = stopwatch.Elapsed;
        Verify(await BenchDatabases.CountAsync(connectionString, "documents"), messages.Length);
        return elapsed;
    }

    /// <summary>
    /// The storage service as deploy/local/up.sh runs it, draining a queue filled before it started; timed from
    /// its first stored row to its last, so process start and migrations are not counted.
    /// </summary>
    public static async Task<TimeSpan> ServiceAsync(BenchDatabases databases, BenchBroker broker, string root, LanguageDetected[] messages)
    {
        var connectionString = await databases.CreateAsync(migrate: true);
        var vhost = await broker.CreateVirtualHostAsync();
        try
        {
            var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(broker.Host, vhost, h =>
                {
                    h.Username(broker.Username);
                    h.Password(broker.Password);
                });
                cfg.Publish<LanguageDetected>(p => p.BindQueue(p.Exchange.ExchangeName, "storage"));
            });
            await bus.StartAsync();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, ct) => await bus.Publish(m, ct));
            await bus.StopAsync();

            using var storage = StartStorage(root, broker, vhost, connectionString);
            try
            {
                Stopwatch? stopwatch = null;
                while (true)
                {
                    var count = await BenchDatabases.CountAsync(connectionString, "documents");
                    if (count > 0)
                    {
                        stopwatch ??= Stopwatch.StartNew();
                    }

                    if (count >= messages.Length)
                    {
                        return stopwatch!.Elapsed;
                    }

                    if (storage.HasExited)
                    {
                        throw new InvalidOperationException("The storage service exited.");
                    }

                    await Task.Delay(20);
                }
            }
            finally
            {
                storage.Kill(entireProcessTree: true);
                await storage.WaitForExitAsync();
            }
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(vhost);
        }
    }

    private static Process StartStorage(string root, BenchBroker broker, string vhost, string connectionString)
    {
        var dll = Path.Combine(root, "services", "IngestPlatform.Storage", "bin", "Release", "net10.0", "IngestPlatform.Storage.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["RabbitMq__Host"] = broker.Host;
        start.Environment["RabbitMq__VirtualHost"] = vhost;
        start.Environment["RabbitMq__Username"] = broker.Username;
        start.Environment["RabbitMq__Password"] = broker.Password;
        start.Environment["ConnectionStrings__Ingest"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("INGEST_BENCH_STORAGE_LOG") ?? "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static IncomingDocument[] Incoming(LanguageDetected[] messages) =>
        [.. messages.Select(m => new IncomingDocument(m, Guid.NewGuid()))];

    private static void Verify(long stored, int expected)
    {
        if (stored != expected)
        {
            throw new InvalidOperationException($"{stored} documents stored, {expected} expected.");
        }
    }
}

/// <summary>The local RabbitMQ; a virtual host per measurement through the management API.</summary>
internal sealed class BenchBroker
{
    private readonly HttpClient _management;

    public BenchBroker()
    {
        var managementUrl = Environment.GetEnvironmentVariable("INGEST_BENCH_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672";
        _management = new HttpClient { BaseAddress = new Uri(managementUrl) };
        _management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        Host = new Uri(managementUrl).Host;
    }

    public string Host { get; }

    public string Username => "guest";

    public string Password => "guest";

    public async Task<string> CreateVirtualHostAsync()
    {
        var name = $"bench-{Guid.NewGuid():N}";
        (await _management.PutAsync(new Uri($"api/vhosts/{name}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync(
            new Uri($"api/permissions/{name}/{Username}", UriKind.Relative),
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return name;
    }

    public async Task DeleteVirtualHostAsync(string name) =>
        await _management.DeleteAsync(new Uri($"api/vhosts/{name}", UriKind.Relative));
}
