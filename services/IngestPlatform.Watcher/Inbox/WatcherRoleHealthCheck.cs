using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Healthy either way: a standby is doing its job by waiting. The description tells which role
/// this process has, for a person reading <c>/health</c> details or the logs.
/// </summary>
public sealed class WatcherRoleHealthCheck(InboxWatcher watcher) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(watcher.IsActive ? "active" : "standby"));
}
