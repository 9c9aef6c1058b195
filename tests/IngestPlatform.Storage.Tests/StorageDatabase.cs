using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace IngestPlatform.Storage.Tests;

/// <summary>A database of the test's own with storage's migrations applied, and the writer over it.</summary>
internal sealed class StorageDatabase : IAsyncDisposable
{
    private readonly PostgresFixture _server;

    private StorageDatabase(PostgresFixture server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Writer = new DocumentBatchWriter(DataSource);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public DocumentBatchWriter Writer { get; }

    /// <summary>Over a database the test made itself (e.g. at an older migration); disposing drops it.</summary>
    public static StorageDatabase Open(PostgresFixture server, string connectionString) => new(server, connectionString);

    public static async Task<StorageDatabase> CreateAsync(PostgresFixture server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var db = new IngestDbContext(
            new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(connectionString).Options))
        {
            await db.Database.MigrateAsync();
        }

        return new StorageDatabase(server, connectionString);
    }

    /// <summary>
    /// A database of the test's own migrated only up to <paramref name="migration"/>, to seed rows as an older release wrote
    /// them and then upgrade (<see cref="MigrateAsync"/>); disposing drops it.
    /// </summary>
    public static async Task<StorageDatabase> AtMigrationAsync(PostgresFixture server, string migration)
    {
        var database = Open(server, await server.CreateDatabaseAsync());
        await database.MigrateAsync(migration);
        return database;
    }

    /// <summary>Migrates up or down to <paramref name="migration"/>, or to the latest when null.</summary>
    public async Task MigrateAsync(string? migration = null)
    {
        await using var db = new IngestDbContext(new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(ConnectionString).Options);
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<(string Stage, string Kind, string Reason, string Path, string? Code)>> FailuresAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT stage, kind, reason, source_path, reason_code FROM ingest_failures ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string, string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
