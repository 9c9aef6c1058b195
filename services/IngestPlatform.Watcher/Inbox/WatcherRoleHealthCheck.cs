using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Part of <c>/health</c>. A standby is healthy: it is doing its job by waiting. The active watcher is unhealthy
/// when its scan loop is stuck (<see cref="WatcherLivenessHealthCheck"/>) or when it has not been able to publish
/// for <see cref="WatcherOptions.StuckAfter"/>: files are piling up in the inbox, whatever MassTransit's own
/// bus check says about a connection it is still retrying. The description tells which role this process has.
/// </summary>
public sealed class WatcherRoleHealthCheck(InboxWatcher watcher, IOptions<WatcherOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!watcher.IsActive)
        {
            return Task.FromResult(HealthCheckResult.Healthy("standby"));
        }

        if (watcher.IsStuck)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"active, but its scan loop has shown no progress for over {options.Value.StuckAfter}"));
        }

        return Task.FromResult(watcher.BrokerTroubleFor is { } trouble && trouble > options.Value.StuckAfter
            ? HealthCheckResult.Unhealthy($"active, but the broker has not taken a file for {trouble:hh\\:mm\\:ss}; files wait in the inbox")
            : HealthCheckResult.Healthy("active"));
    }
}

/// <summary>
/// Part of <c>/alive</c>: fails when the active watcher's scan loop has shown no sign of life for
/// <see cref="WatcherOptions.StuckAfter"/>, so an orchestrator restarts the process (a restart is what brought a
/// wedged watcher back). A standby stays alive; a broker outage does not fail it, since a restart would not help.
/// </summary>
public sealed class WatcherLivenessHealthCheck(InboxWatcher watcher, IOptions<WatcherOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(watcher.IsStuck
            ? HealthCheckResult.Unhealthy($"the scan loop has shown no progress for over {options.Value.StuckAfter} (Watcher:StuckAfter)")
            : HealthCheckResult.Healthy(watcher.IsActive ? "active" : "standby"));
}
