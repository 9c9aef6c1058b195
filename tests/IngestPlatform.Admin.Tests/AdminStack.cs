using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

/// <summary>
/// Stages as real processes over a virtual host and database of the test's own, a bus to hand storage documents as
/// the language detector would, and the admin tool configured with the same environment.
/// </summary>
internal sealed class AdminStack : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly RabbitMqFixture _broker;
    private readonly PostgresFixture _server;
    private readonly ITestOutputHelper _output;
    private readonly List<ServiceProcess> _services = [];
    private readonly IBusControl _bus;

    private AdminStack(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output, BrokerVirtualHost vhost, string connectionString, IBusControl bus)
    {
        _broker = broker;
        _server = server;
        _output = output;
        VirtualHost = vhost;
        ConnectionString = connectionString;
        _bus = bus;
        Environment = new Dictionary<string, string>(vhost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = connectionString,
        };
    }

    public BrokerVirtualHost VirtualHost { get; }

    public string ConnectionString { get; }

    public Dictionary<string, string> Environment { get; }

    public string Logs => string.Join(System.Environment.NewLine, _services.Select(s => s.OutputTail(300)));

    /// <summary>Starts the named services (storage first, so the schema is there) and waits for a consumer on each one's queue.</summary>
    public static async Task<AdminStack> StartAsync(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output, params string[] services)
    {
        var vhost = await broker.CreateVirtualHostAsync();
        var stack = new AdminStack(broker, server, output, vhost, await server.CreateDatabaseAsync(), await TestBus.StartAsync(vhost));
        foreach (var service in services)
        {
            stack._services.Add(ServiceProcess.Start(service, stack.Environment));
        }

        var queues = services.Select(s => s switch
        {
            "IngestPlatform.Storage" => "storage",
            "IngestPlatform.LanguageDetector" => "language-detector",
            _ => "normalizer",
        }).ToArray();
        await Eventually.WaitForAsync(() => broker.GetQueuesAsync(vhost), q => queues.All(name => q.Any(s => s.Name == name && s.Consumers > 0)),
            Patience, $"consumers on {string.Join(", ", queues)}", () => stack.Logs);
        return stack;
    }

    /// <summary>Publishes documents as the language detector would, and waits until storage has stored or refused each.</summary>
    public async Task StoreAsync(params LanguageDetected[] documents)
    {
        foreach (var document in documents)
        {
            await _bus.Publish(document);
        }

        await Eventually.WaitForAsync(
            () => ScalarAsync<long>("SELECT (SELECT count(*) FROM document_sources) + (SELECT count(*) FROM ingest_failures)"),
            n => n >= documents.Length, Patience, "the documents in document_sources or ingest_failures", () => Logs);
    }

    public Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments) =>
        AdminTool.RunAsync(Environment, _output, arguments);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
            _output.WriteLine(service.OutputTail(300));
        }

        await _broker.DeleteVirtualHostAsync(VirtualHost);
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
