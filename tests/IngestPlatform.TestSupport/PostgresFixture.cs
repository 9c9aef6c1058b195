using Npgsql;
using Testcontainers.PostgreSql;

namespace IngestPlatform.TestSupport;

/// <summary>
/// One PostgreSQL for the test run: the server named by <c>INGEST_TEST_POSTGRES</c> (a connection
/// string whose role may create databases), else a Testcontainer. Each test takes a database of
/// its own and drops it afterwards.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Variable = "INGEST_TEST_POSTGRES";

    private PostgreSqlContainer? _container;
    private string _adminConnectionString = "";

    /// <summary>True when the fixture started a Testcontainer (no server configured), as the container tests require.</summary>
    public bool StartedContainer => _container is not null;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            _adminConnectionString = configured;
            return;
        }

        _container = new PostgreSqlBuilder(TestImages.Postgres).Build();
        await _container.StartAsync();
        _adminConnectionString = _container.GetConnectionString();
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"ingest_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        // Without pg_signal_backend the role cannot end an autovacuum worker busy on the database; it
        // finishes soon, so a bounded number of retries is enough (tests/run.sh's servers grant the role).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
