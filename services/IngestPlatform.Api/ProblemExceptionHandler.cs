using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace IngestPlatform.Api;

/// <summary>
/// Answers the failures a caller can understand with a problem saying what happened, instead of an empty
/// 400 or an opaque 500: a query-string value that does not bind (<c>Failed to bind parameter "int? page"
/// from "abc".</c>) is a 400; a database that is down, or whose tables storage has not created yet, is a
/// 503 (try again later). Anything else stays a 500, logged.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    private const string UndefinedTable = "42P01";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string Detail)? problem = exception switch
        {
            BadHttpRequestException badRequest => (badRequest.StatusCode, "The request is not valid.", badRequest.Message),
            PostgresException { SqlState: UndefinedTable } => (
                StatusCodes.Status503ServiceUnavailable, "The database is not ready.",
                "The ingest tables do not exist yet: the storage service creates them when it starts."),
            NpgsqlException { IsTransient: true } or TimeoutException => (
                StatusCodes.Status503ServiceUnavailable, "The database is not reachable.", "PostgreSQL did not answer; try again later."),
            _ => null,
        };
        if (problem is not { } p)
        {
            return false;
        }

        if (p.Status >= 500)
        {
            logger.LogWarning(exception, "{Title} ({Path})", p.Title, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = p.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = p.Status, Title = p.Title, Detail = p.Detail },
        });
    }
}
