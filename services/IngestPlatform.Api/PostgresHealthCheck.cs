using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace IngestPlatform.Api;

/// <summary>
/// Healthy when PostgreSQL answers and the tables exist. The API does not create them (storage applies
/// the migrations), so "reachable but no schema yet" is reported as such rather than as a failed query later.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT to_regclass('documents') IS NOT NULL AND to_regclass('document_sources') IS NOT NULL AND to_regclass('ingest_failures') IS NOT NULL");
            var schemaPresent = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            return schemaPresent
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL answers, but the tables are missing: storage has not applied its migrations yet.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }
    }
}
