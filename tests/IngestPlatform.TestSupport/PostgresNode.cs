using Npgsql;
using Testcontainers.PostgreSql;
using static IngestPlatform.TestSupport.ExternalCommand;

namespace IngestPlatform.TestSupport;

/// <summary>
/// A PostgreSQL server of one test's own, which the test may stop and start again: a real database outage,
/// without touching the shared server every other test depends on. Where Debian's PostgreSQL 15 is installed
/// (tests/run.sh installs it) it is a cluster of its own made with <c>pg_createcluster</c> on a free port, stopped
/// with <c>pg_ctlcluster ... stop -m fast</c> (what an operator or a failover does) and started again; otherwise a
/// Testcontainer on a fixed host port, stopped and started with the container. Either way it has a role
/// <c>ingest</c>/<c>ingest</c> that may create databases, as the shared server has.
/// </summary>
public sealed class PostgresNode : IAsyncDisposable
{
    private const string Version = "15";
    private const string PostgresBin = "/usr/lib/postgresql/" + Version + "/bin";

    private readonly string? _cluster;
    private readonly PostgreSqlContainer? _container;

    private PostgresNode(int port, string? cluster, PostgreSqlContainer? container)
    {
        Port = port;
        _cluster = cluster;
        _container = container;
        Network = container is null && PortCut.Available ? new PortCut(port) : null;
    }

    public int Port { get; }

    /// <summary>The network between the server and its clients, which a test may cut; null where it cannot (<see cref="PortCut"/>).</summary>
    public PortCut? Network { get; }

    /// <summary>The server's <c>postgres</c> database as the <c>ingest</c> role.</summary>
    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=ingest;Password=ingest;Database=postgres;Pooling=false";

    public static async Task<PostgresNode> StartAsync()
    {
        var port = FreePort();
        if (File.Exists(Path.Combine(PostgresBin, "postgres")) && File.Exists("/usr/bin/pg_createcluster"))
        {
            // Cluster names become directory and unit names: letters, digits and underscores only.
            var node = new PostgresNode(port, $"ingest_test_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40], null);
            await node.CreateClusterAsync();
            return node;
        }

        var container = new PostgreSqlBuilder(TestImages.Postgres).WithPortBinding(port, 5432)
            .WithUsername("ingest").WithPassword("ingest").WithDatabase("postgres").Build();
        await container.StartAsync();
        return new PostgresNode(port, null, container);
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"ingest_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the server the way an operator does (<c>-m fast</c>): open sessions are ended with 57P01, new
    /// connections are refused until <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync() => _container is null ? CtlAsync("stop", "-m", "fast") : _container.StopAsync();

    /// <summary>
    /// Crashes the server: SIGKILL to the postmaster and every backend at once (or to its container), as the OOM
    /// killer or a power cut does. No checkpoint, no session ended with an error: connections just break, and
    /// <see cref="StartAgainAsync"/> runs crash recovery from the write-ahead log, so what survives is what was
    /// committed (the project never turns <c>synchronous_commit</c> off).
    /// </summary>
    public async Task KillAsync()
    {
        if (_container is not null)
        {
            await ContainerKill.KillAsync(_container);
            return;
        }

        var postmaster = File.ReadLines($"/var/lib/postgresql/{Version}/{_cluster}/postmaster.pid").First().Trim();
        var (_, children) = await RunWithOutputAsync("pgrep", ["-P", postmaster]);
        await RunAsync("kill", ["-9", postmaster, .. children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
        await Eventually.WaitForAsync(CanConnectAsync, ok => !ok, TimeSpan.FromSeconds(60), $"PostgreSQL on port {Port} to be gone");
    }

    /// <summary>Starts it again on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_container is null)
        {
            await CtlAsync("start");
        }
        else
        {
            await _container.StartAsync();
        }

        await Eventually.WaitForAsync(CanConnectAsync, ok => ok, TimeSpan.FromSeconds(60), $"PostgreSQL on port {Port} to accept connections");
    }

    public async ValueTask DisposeAsync()
    {
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        await RunAsync("pg_dropcluster", ["--stop", Version, _cluster!], mayFail: true);
    }

    private async Task CreateClusterAsync()
    {
        await RunAsync("pg_createcluster", [Version, _cluster!, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await CtlAsync("start");
        // Debian's pg_hba.conf allows scram-sha-256 over TCP from 127.0.0.1, so the role logs in like the shared one.
        await RunAsync("su", ["postgres", "-c",
            $"psql -q -p {Port} -c \"CREATE ROLE ingest LOGIN PASSWORD 'ingest' CREATEDB\""]);
        await Eventually.WaitForAsync(CanConnectAsync, ok => ok, TimeSpan.FromSeconds(60), $"PostgreSQL cluster {_cluster} to accept connections");
    }

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    // --skip-systemctl-redirect: run pg_ctl directly, as in a container or CI without systemd.
    private Task CtlAsync(string action, params string[] options) =>
        RunAsync("pg_ctlcluster", ["--skip-systemctl-redirect", Version, _cluster!, action, .. options]);
}
