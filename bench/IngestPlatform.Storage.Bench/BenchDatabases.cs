using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IngestPlatform.Storage.Bench;

/// <summary>Fresh databases on the tests' PostgreSQL, dropped at the end, so no measurement inherits another's rows or bloat.</summary>
internal sealed class BenchDatabases(PostgresFixture server) : IAsyncDisposable
{
    private readonly List<string> _created = [];

    public async Task<string> CreateAsync(bool migrate)
    {
        var created = await server.CreateDatabaseAsync();
        _created.Add(created);
        // The fixture turns pooling off for tests; a benchmark measures the service as it runs, pooled.
        var connectionString = new NpgsqlConnectionStringBuilder(created) { Pooling = true }.ConnectionString;
        if (migrate)
        {
            await using var db = new IngestDbContext(new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(connectionString).Options);
            await db.Database.MigrateAsync();
        }

        return connectionString;
    }

    public static async Task<string> ServerVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var connectionString in _created)
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
