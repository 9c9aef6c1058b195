using IngestPlatform.Storage.Tests;
using IngestPlatform.TestSupport;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

/// <summary>
/// A real dead letter to replay: storage running as a process over a database whose <c>document_sources</c> table
/// has been renamed away (a broken state no retry fixes, not an outage), three documents published, faulted into
/// <c>storage_error</c> after storage's bounded retries. <see cref="RepairAsync"/> puts the table back.
/// </summary>
internal sealed class DeadLetters : IAsyncDisposable
{
    public const int Count = 3;

    private readonly RabbitMqFixture _broker;
    private readonly PostgresFixture _server;
    private readonly ITestOutputHelper _output;
    private readonly ServiceProcess _storage;
    private readonly IBusControl _bus;

    private DeadLetters(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output,
        BrokerVirtualHost vhost, string connectionString, ServiceProcess storage, IBusControl bus)
    {
        _broker = broker;
        _server = server;
        _output = output;
        VirtualHost = vhost;
        ConnectionString = connectionString;
        _storage = storage;
        _bus = bus;
    }

    public BrokerVirtualHost VirtualHost { get; }

    public string ConnectionString { get; }

    public string Logs => _storage.Output;

    public static async Task<DeadLetters> CreateAsync(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
    {
        var vhost = await broker.CreateVirtualHostAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var storage = ServiceProcess.Start("IngestPlatform.Storage", new Dictionary<string, string>(vhost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = connectionString,
        });
        var bus = await TestBus.StartAsync(vhost);
        var letters = new DeadLetters(broker, server, output, vhost, connectionString, storage, bus);
        // Storage migrates before it listens: a consumer on its queue means the tables are there.
        await Eventually.WaitForAsync(() => broker.GetQueuesAsync(vhost), q => q.Any(s => s is { Name: "storage", Consumers: > 0 }),
            TimeSpan.FromSeconds(90), "a consumer on storage", () => storage.Output);

        await letters.ExecuteAsync("ALTER TABLE document_sources RENAME TO document_sources_away");
        for (var i = 0; i < Count; i++)
        {
            await bus.Publish(Documents.Detected($"Article {i}\nTexte {i}.", $"{i}.txt"));
        }

        // Four retries take about 17 s before MassTransit gives up and moves them to storage_error.
        await Eventually.WaitForAsync(() => letters.MessageCountAsync("storage_error"), n => n == Count, TimeSpan.FromSeconds(120),
            $"{Count} dead letters in storage_error", () => storage.Output);
        return letters;
    }

    public Task RepairAsync() => ExecuteAsync("ALTER TABLE document_sources_away RENAME TO document_sources");

    /// <summary>The exact count, from the broker over AMQP (the management API's figures lag), or 0 for a queue not declared yet.</summary>
    public async Task<uint> MessageCountAsync(string queue)
    {
        var factory = new ConnectionFactory
        {
            HostName = VirtualHost.Host, Port = VirtualHost.Port, VirtualHost = VirtualHost.VirtualHost,
            UserName = VirtualHost.Username, Password = VirtualHost.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    public async Task<List<string>> StoredPathsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT relative_path FROM document_sources WHERE to_regclass('public.document_sources') IS NOT NULL ORDER BY relative_path", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var paths = new List<string>();
        while (await reader.ReadAsync())
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>Runs <c>IngestPlatform.Admin</c> as an operator would, configured by the services' RabbitMq__* variables.</summary>
    public async Task<(int ExitCode, string Output)> AdminAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await AdminTool.RunAsync(VirtualHost.ToEnvironment(), _output, arguments);
        return (exitCode, output + error);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _storage.DisposeAsync();
        _output.WriteLine(_storage.Output);
        await _broker.DeleteVirtualHostAsync(VirtualHost);
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
