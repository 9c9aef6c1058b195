using Npgsql;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// A PostgreSQL session-level advisory lock that lets one storage process at a time apply migrations. EF Core's own
/// migration lock is not enough: Npgsql's is <c>LOCK TABLE "__EFMigrationsHistory"</c> inside the transaction of one
/// migration, so it is let go at every migration's commit while the process that took it first keeps applying the
/// list of pending migrations it read before; another replica, let in between, applies the same ones
/// (<c>42701: column ... already exists</c>). This lock is held on a connection of its own from before EF Core reads
/// the history until every migration is committed. PostgreSQL drops it with the session, so a replica killed
/// mid-migration never leaves it behind.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>
    /// The lock's key, fixed so every version of storage agrees on it. Advisory locks are per database: the same key
    /// in another database on the server does not collide.
    /// </summary>
    public const long Key = 0x696E_6765_7374; // "ingest" in ASCII

    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>
    /// Waits for the lock for as long as <paramref name="cancellationToken"/> allows (the host's start-up timeout):
    /// the replica holding it may be running a long migration, and starting before it is done would be wrong.
    /// </summary>
    public static async Task<MigrationLock> AcquireAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            tryLock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Key });
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                logger.LogInformation("Another storage process is applying the migrations; waiting for it");
                // No command timeout: the wait is bounded by the token, which Npgsql turns into a server-side cancel.
                await using var waitForLock = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { CommandTimeout = 0 };
                waitForLock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Key });
                await waitForLock.ExecuteNonQueryAsync(cancellationToken);
            }

            return new MigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Unlocked explicitly: the connection goes back to the pool, and a pooled session keeps its locks.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Key });
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The session is gone (PostgreSQL restarting): the server released the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
