namespace IngestPlatform.Api.Stats;

internal static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", (StatsQueries queries, CancellationToken cancellationToken) => queries.GetAsync(cancellationToken))
            .WithTags("Stats")
            .WithName("GetStats")
            .WithSummary("Documents by language, files by status, failures by stage and kind, and the ingest rate.");
        return app;
    }
}
