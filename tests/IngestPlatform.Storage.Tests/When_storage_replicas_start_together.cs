using System.Diagnostics;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// Several storage replicas started in the same moment (compose <c>--scale storage=3</c>, a Kubernetes Deployment
/// rolled out) all apply the migrations at start-up. Each is a real storage process on a database of the test's own.
/// </summary>
[Collection(StorageCollection.Name)]
public class When_storage_replicas_start_together(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    private const int Replicas = 3;

    [Fact]
    public async Task Should_all_come_up_on_an_empty_database()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await StartReplicasAsync(connectionString, whileStarting: null);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// The test holds every table the database has (so whichever one the first pending migration alters), so every replica reaches its migration step
    /// before the first one can finish it: the window a slow migration on a big table opens, made certain instead of
    /// left to scheduling. One migration behind, EF Core's own lock (a table lock inside each migration's transaction)
    /// is enough; two behind, it is not: the lock is let go at each migration's commit, and the replica that took it
    /// first still applies the list it read before.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Should_all_come_up_on_a_database_migrations_behind(int behind)
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            string latest;
            await using (var db = Context(connectionString))
            {
                var migrations = db.Database.GetMigrations().ToList();
                latest = migrations[^1];
                await db.GetService<IMigrator>().MigrateAsync(migrations[^(behind + 1)]);
            }

            await StartReplicasAsync(connectionString, async () =>
            {
                var blocker = new NpgsqlConnection(connectionString);
                await blocker.OpenAsync();
                var transaction = await blocker.BeginTransactionAsync();
                // Every table but EF Core's history (its own lock must stay free): no list to keep in step with the
                // migrations, which a new migration altering another table first would silently outdate.
                await using (var lockTables = new NpgsqlCommand(
                    """
                    DO $$ DECLARE t text; BEGIN
                      FOR t IN SELECT quote_ident(tablename) FROM pg_tables
                               WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' LOOP
                        EXECUTE 'LOCK TABLE ' || t || ' IN ACCESS EXCLUSIVE MODE';
                      END LOOP; END $$;
                    """, blocker, transaction))
                {
                    await lockTables.ExecuteNonQueryAsync();
                }

                return blocker;
            });

            await using var check = Context(connectionString);
            Assert.Equal(latest, (await check.Database.GetAppliedMigrationsAsync()).Last());
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// Starts the replicas at once and waits until each consumes from the storage queue. With
    /// <paramref name="whileStarting"/>, the connection it opens (holding a table lock in a transaction) is kept until every replica waits on a lock
    /// in the database (whichever lock: the table's, or the one that serializes the migrations), then closed.
    /// </summary>
    private async Task StartReplicasAsync(string connectionString, Func<Task<NpgsqlConnection>>? whileStarting)
    {
        var vhost = await broker.CreateVirtualHostAsync();
        var replicas = new List<ServiceProcess>();
        await using var held = whileStarting is null ? null : await whileStarting();
        try
        {
            // The first replica to reach the held table waits there until the last one has started, which on a busy
            // machine is longer than Npgsql's default 30 s command timeout.
            var replicaConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600 }.ConnectionString;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Replicas; i++)
            {
                replicas.Add(ServiceProcess.Start("IngestPlatform.Storage", new Dictionary<string, string>(vhost.ToEnvironment())
                {
                    ["ConnectionStrings__Ingest"] = replicaConnectionString,
                }));
            }

            string Logs() => string.Join(Environment.NewLine, replicas.Select(r => r.OutputTail(60)));
            if (held is not null)
            {
                await Eventually.WaitForAsync(
                    () => SessionsWaitingOnALockAsync(connectionString, ThrowIfAnyExited),
                    waiting => waiting >= Replicas, TimeSpan.FromSeconds(240), $"{Replicas} sessions waiting on a lock", Logs);
                output.WriteLine($"{Replicas} replicas waiting on a lock after {clock.Elapsed.TotalSeconds:0.0} s; releasing the table");
                await held.CloseAsync();
            }

            await Eventually.WaitForAsync(
                async () =>
                {
                    ThrowIfAnyExited();
                    return await broker.GetQueuesAsync(vhost);
                },
                queues => queues.Any(q => q.Name == "storage" && q.Consumers == Replicas),
                TimeSpan.FromSeconds(240), $"{Replicas} consumers on the storage queue", Logs);
            output.WriteLine($"{Replicas} replicas consuming after {clock.Elapsed.TotalSeconds:0.0} s");
            ThrowIfAnyExited();
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
                output.WriteLine(replica.OutputTail(200));
            }

            await broker.DeleteVirtualHostAsync(vhost);
        }

        void ThrowIfAnyExited()
        {
            if (replicas.FirstOrDefault(r => r.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"A storage replica exited while starting:{Environment.NewLine}{dead.OutputTail(80)}");
            }
        }
    }

    private static async Task<long> SessionsWaitingOnALockAsync(string connectionString, Action beforeProbe)
    {
        beforeProbe();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static IngestDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql(connectionString).Options);
}
