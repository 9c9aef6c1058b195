using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore;

namespace IngestPlatform.Storage;

/// <summary>
/// Applies EF Core migrations at start-up. Replicas starting together are safe: EF Core takes a
/// database lock around the migration, so the second waits and then finds nothing to do.
/// </summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IngestDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database schema is current");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
