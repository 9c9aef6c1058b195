using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Dashboard.Tests;

/// <summary>
/// The whole platform as processes, as <c>deploy/local/up.sh</c> runs it: the four stages and the API, in a virtual
/// host, database and inbox of the test's own. The watcher and the API listen on known loopback ports, so the API can
/// read the watcher's <c>/status</c> and the browser can open the API.
/// </summary>
public sealed class DashboardStack : IAsyncDisposable
{
    private readonly RabbitMqFixture _broker;
    private readonly PostgresFixture _database;
    private readonly ITestOutputHelper _output;
    private readonly BrokerVirtualHost _vhost;
    private readonly string _connectionString;
    private readonly List<ServiceProcess> _services = [];

    private DashboardStack(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output, BrokerVirtualHost vhost, string connectionString)
    {
        _broker = broker;
        _database = database;
        _output = output;
        _vhost = vhost;
        _connectionString = connectionString;
        Root = Directory.CreateTempSubdirectory("ingest-dashboard-").FullName;
        Directory.CreateDirectory(Inbox);
    }

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "inbox");

    public Uri ApiUrl { get; } = new($"http://127.0.0.1:{ExternalCommand.FreePort()}/");

    private Uri WatcherUrl { get; } = new($"http://127.0.0.1:{ExternalCommand.FreePort()}/");

    public string Logs => string.Join(Environment.NewLine, _services.Select(s => s.OutputTail(200)));

    public static async Task<DashboardStack> StartAsync(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
    {
        var stack = new DashboardStack(broker, database, output, await broker.CreateVirtualHostAsync(), await database.CreateDatabaseAsync());
        stack.Start("IngestPlatform.Storage");
        stack.Start("IngestPlatform.LanguageDetector");
        stack.Start("IngestPlatform.Normalizer");
        stack.Start("IngestPlatform.Watcher", ("ASPNETCORE_URLS", stack.WatcherUrl.ToString().TrimEnd('/')));
        stack.Start(
            "IngestPlatform.Api",
            ("ASPNETCORE_URLS", stack.ApiUrl.ToString().TrimEnd('/')),
            ("Api__RabbitMqManagementUrl", broker.ManagementUri!.ToString()),
            ("Api__WatcherStatusUrls__0", new Uri(stack.WatcherUrl, "status").ToString()));
        return stack;
    }

    public void Drop(string sourcePath, string? asName = null) =>
        File.Copy(sourcePath, Path.Combine(Inbox, asName ?? Path.GetFileName(sourcePath)));

    public void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(Inbox, name), bytes);

    private void Start(string name, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>(_vhost.ToEnvironment())
        {
            ["Watcher__InboxPath"] = Inbox,
            // Short windows keep the test fast; the gate itself is the same code.
            ["Watcher__ScanInterval"] = "00:00:00.500",
            ["Watcher__StableFor"] = "00:00:00.300",
            ["Watcher__EmptyFileStableFor"] = "00:00:01",
            ["ConnectionStrings__Ingest"] = _connectionString,
            ["Payloads__Path"] = Path.Combine(Root, "payloads"),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        _services.Add(ServiceProcess.Start(name, environment));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
            _output.WriteLine(service.OutputTail(500));
        }

        await _broker.DeleteVirtualHostAsync(_vhost);
        await _database.DropDatabaseAsync(_connectionString);
        Directory.Delete(Root, recursive: true);
    }
}
