using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IngestPlatform.Storage;

/// <summary>
/// Applies EF Core migrations at start-up, before the bus starts taking messages. A PostgreSQL that is not reachable
/// yet (started in the same moment, restarting, failing over) is waited for, with the reason logged, instead of
/// ending the process: storage started during an outage comes up when the database does, with no restart policy
/// needed. Replicas starting together take turns (<see cref="MigrationLock"/>): the first applies the migrations, the
/// others wait for it and then find nothing to do. EF Core's own migration lock does not make that safe (see there).
/// </summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, TimeProvider time, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await using (await MigrationLock.AcquireAsync(dataSource, logger, cancellationToken))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<IngestDbContext>();
                    await db.Database.MigrateAsync(cancellationToken);
                }

                logger.LogInformation("Database schema is current");
                return;
            }
            catch (Exception e) when (DatabaseOutage.IsOutage(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("PostgreSQL is not reachable ({Reason}); trying again in {Pause}", e.Message, pause);
                await Task.Delay(pause, time, cancellationToken);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
