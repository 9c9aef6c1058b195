using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IngestPlatform.Storage.Data;

internal static class UniqueViolation
{
    /// <summary>
    /// The insert hit a unique key: the row is already there (a redelivery, or the same content
    /// dropped again). This is how the consumers stay idempotent without an outbox.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
