using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IngestPlatform.Storage.Bench;

/// <summary>Fresh databases on one server, dropped at the end, so no measurement inherits another's rows or bloat.</summary>
internal sealed class BenchDatabases : IAsyncDisposable
{
    private readonly string _admin = Environment.GetEnvironmentVariable("INGEST_BENCH_POSTGRES") is { Length: > 0 } configured
        ? configured
        : "Host=127.0.0.1;Port=5432;Username=ingest;Password=ingest;Database=postgres";

    private readonly List<string> _created = [];

    public async Task<string> ServerVersionAsync()
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    public async Task<string> CreateAsync(bool migrate)
    {
        var name = $"ingest_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(_admin, $"CREATE DATABASE \"{name}\"");
        _created.Add(name);
        var connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ConnectionString;
        if (migrate)
        {
            await using var db = new IngestDbContext(
                new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(connectionString).Options);
            await db.Database.MigrateAsync();
        }

        return connectionString;
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
        foreach (var name in _created)
        {
            try
            {
                await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
            catch (PostgresException e)
            {
                // E.g. an autovacuum worker of another role still on it: leave it, say so.
                Console.Error.WriteLine($"Could not drop {name}: {e.MessageText}");
            }
        }
    }
}
