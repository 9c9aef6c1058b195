using MassTransit;

namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// The bounded retries every stage uses. Bounded because Debian's RabbitMQ has no delayed-exchange
/// plugin for redelivery: what still fails after these lands in the endpoint's <c>_error</c> queue with
/// its exception, never dropped.
/// </summary>
public static class RetryPolicies
{
    /// <summary>For CPU-bound stages: the only transient fault is publishing the result.</summary>
    public static void UseBrokerRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Intervals(200, 1000, 3000));

    /// <summary>For stages that write to the database: rides out a restart or failover of PostgreSQL.</summary>
    public static void UseDatabaseRetry(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r => r.Intervals(500, 2000, 5000, 10000));
}
