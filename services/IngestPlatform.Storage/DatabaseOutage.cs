using System.Net.Sockets;
using Npgsql;

namespace IngestPlatform.Storage;

/// <summary>
/// Which exceptions mean "PostgreSQL is unreachable" rather than "this message is bad". Only these make storage
/// hand a message back and stop taking more (see <see cref="ServiceDefaults.RetryPolicies.UseDatabaseRetry"/>);
/// everything else, a deadlock included, keeps its bounded retries and ends in <c>_error</c>.
/// </summary>
public static class DatabaseOutage
{
    public static bool IsOutage(Exception exception) => exception switch
    {
        // The server answered, saying it is going away or not there yet: admin/crash shutdown (57P01, 57P02),
        // cannot connect now (57P03: starting up, shutting down, recovering), connection exceptions (class 08).
        PostgresException e => e.SqlState is "57P01" or "57P02" or "57P03" || e.SqlState.StartsWith("08", StringComparison.Ordinal),
        // Npgsql's own view: connection refused or broken, a timeout opening or reading (IsTransient). A
        // PostgresException is excluded above, so its IsTransient (deadlocks, serialization failures) never counts.
        NpgsqlException { IsTransient: true } => true,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
