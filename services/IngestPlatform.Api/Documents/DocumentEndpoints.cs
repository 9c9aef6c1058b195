using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IngestPlatform.Api.Documents;

internal static class DocumentEndpoints
{
    public const int MaxQueryLength = 500;

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("/", SearchAsync)
            .WithName("SearchDocuments")
            .WithSummary("Full-text search over the stored documents, ranked; newest first without q.");
        documents.MapGet("/{id}", GetAsync)
            .WithName("GetDocument")
            .WithSummary("A document with its text, metadata, pipeline versions and every source file's history.");
        return app;
    }

    private static async Task<Results<Ok<PagedResult<DocumentHit>>, ValidationProblem>> SearchAsync(
        DocumentQueries queries,
        [Description("Web-search syntax (websearch_to_tsquery): words, \"a phrase\", or, -excluded. Parsed with each document's language configuration, so French words match their French inflections.")] string? q,
        [Description("ISO 639-1 language code as the detector writes it (fr, en, de...; und when unsure).")] string? lang,
        [Description("Stored at or after: ISO 8601 date (2026-11-23, that day's start, UTC) or date-time.")] string? from,
        [Description("Stored at or before: ISO 8601 date (the whole day, UTC) or date-time.")] string? to,
        [Description("Page number, from 1.")] int? page,
        [Description("Results per page, 1 to 100 (default 20).")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (query is { Length: > MaxQueryLength })
        {
            errors.Add("q", $"q must be at most {MaxQueryLength} characters (was {query.Length}).");
        }
        else if (query is not null && query.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)))
        {
            errors.Add("q", "q must not contain control characters.");
        }

        var search = new DocumentSearch(query, errors.Language(lang), errors.TimeRange(from, to), errors.Paging(page, pageSize));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await queries.SearchAsync(search, cancellationToken));
    }

    private static async Task<Results<Ok<DocumentDetail>, ProblemHttpResult>> GetAsync(
        DocumentQueries queries, [Description("The document's id (documents.id).")] long id, CancellationToken cancellationToken)
    {
        return await queries.GetAsync(id, cancellationToken) is { } document
            ? TypedResults.Ok(document)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Document not found.",
                detail: $"There is no document with id {id}.");
    }
}
