using System.Diagnostics;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Storage.Data;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.TestSupport;
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
    public static async Task<TimeSpan> ServiceAsync(BenchDatabases databases, RabbitMqFixture broker, LanguageDetected[] messages)
    {
        var connectionString = await databases.CreateAsync(migrate: true);
        var vhost = await broker.CreateVirtualHostAsync();
        try
        {
            var bus = await TestBus.StartAsync(vhost, cfg => cfg.DeclareDownstreamQueue<LanguageDetected>(QueueNames.Storage));
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, ct) => await bus.Publish(m, ct));
            await bus.StopAsync();

            await using var storage = ServiceProcess.Start("IngestPlatform.Storage", new Dictionary<string, string>(vhost.ToEnvironment())
            {
                ["ConnectionStrings__Ingest"] = connectionString,
                ["Logging__LogLevel__Default"] = "Warning",
            });
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
                    throw new InvalidOperationException($"The storage service exited:{Environment.NewLine}{storage.Output}");
                }

                await Task.Delay(20);
            }
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(vhost);
        }
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
