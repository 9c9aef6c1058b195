using Npgsql;

namespace IngestPlatform.Api.Pipeline;

/// <summary>Documents and source files stored in one minute (UTC, the minute starting at <see cref="Minute"/>).</summary>
internal sealed record MinuteCount(DateTimeOffset Minute, long Documents, long Sources);

internal static class PipelineEndpoints
{
    // Sixty buckets ending with the current minute, so the chart has no gaps; one pass over the stored_at index each.
    private const string TimelineSql = """
        WITH minutes AS (
            SELECT generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()), interval '1 minute') AS minute)
        SELECT m.minute,
               (SELECT count(*) FROM documents d WHERE d.stored_at >= m.minute AND d.stored_at < m.minute + interval '1 minute') AS documents,
               (SELECT count(*) FROM document_sources s WHERE s.stored_at >= m.minute AND s.stored_at < m.minute + interval '1 minute') AS sources
        FROM minutes m ORDER BY m.minute
        """;

    public static IEndpointRouteBuilder MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pipeline", (PipelineStatusReader reader, CancellationToken cancellationToken) => reader.ReadAsync(cancellationToken))
            .WithTags("Pipeline")
            .WithName("GetPipeline")
            .WithSummary("The pipeline now: files waiting in the inbox (from the watchers), messages and consumers of every queue and _error queue (from RabbitMQ).");
        app.MapGet("/stats/timeline", TimelineAsync)
            .WithTags("Stats")
            .WithName("GetTimeline")
            .WithSummary("Documents and source files stored per minute over the last hour, oldest first, one entry per minute.");
        return app;
    }

    private static async Task<IReadOnlyList<MinuteCount>> TimelineAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TimelineSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var minutes = new List<MinuteCount>(60);
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new MinuteCount(reader.Get<DateTimeOffset>("minute"), reader.Get<long>("documents"), reader.Get<long>("sources")));
        }

        return minutes;
    }
}
