using System.ComponentModel;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IngestPlatform.Api.Failures;

internal static class FailureEndpoints
{
    public static IEndpointRouteBuilder MapFailureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/failures", SearchAsync)
            .WithTags("Failures")
            .WithName("ListFailures")
            .WithSummary("Files a stage rejected or gave up on, newest first.");
        return app;
    }

    private static async Task<Results<Ok<PagedResult<FailureView>>, ValidationProblem>> SearchAsync(
        FailureQueries queries,
        [Description("watcher, normalizer, language-detector or storage.")] string? stage,
        [Description("rejected (bad input, with a reason) or fault (the stage gave up after retries).")] string? kind,
        [Description("Rejected at or after: ISO 8601 date (that day's start, UTC) or date-time.")] string? from,
        [Description("Rejected at or before: ISO 8601 date (the whole day, UTC) or date-time.")] string? to,
        [Description("Only failures whose file path or reason contains this text (case-insensitive).")] string? text,
        [Description("Only rejections with this reason code: empty, too_large, binary, undecodable, ... (RefusalReasons).")] string? reason,
        [Description("Page number, from 1.")] int? page,
        [Description("Results per page, 1 to 100 (default 20).")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var search = new FailureSearch(
            errors.OneOf("stage", stage, Stages.All),
            errors.OneOf("kind", kind, FailureKinds.All),
            errors.TimeRange(from, to),
            errors.Paging(page, pageSize),
            string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            errors.OneOf("reason", reason, RefusalReasons.All));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await queries.SearchAsync(search, cancellationToken));
    }
}
