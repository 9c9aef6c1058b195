using System.Globalization;
using System.Text.RegularExpressions;

namespace IngestPlatform.Api;

/// <summary>
/// Collects what is wrong with a request's query string, parameter by parameter, so a caller gets
/// every problem in one 400 (a <c>ValidationProblem</c>) rather than one per attempt.
/// </summary>
internal sealed partial class QueryErrors
{
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string parameter, string message)
    {
        if (!_errors.TryGetValue(parameter, out var messages))
        {
            _errors[parameter] = messages = [];
        }

        messages.Add(message);
    }

    public Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            title: "The query parameters are not valid.");

    public Paging Paging(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            Add("page", $"page must be 1 or more (was {p}).");
        }

        if (size is < 1 or > MaxPageSize)
        {
            Add("pageSize", $"pageSize must be between 1 and {MaxPageSize} (was {size}).");
        }

        return new Paging(Math.Max(p, 1), Math.Clamp(size, 1, MaxPageSize));
    }

    /// <summary>
    /// <paramref name="from"/> and <paramref name="to"/> as a half-open range [From, Before). A date
    /// (<c>2026-11-23</c>) means that whole UTC day, so <c>from=2026-11-23&amp;to=2026-11-23</c> is one
    /// day; a date-time is taken to the microsecond (PostgreSQL's resolution), UTC when it has no offset.
    /// </summary>
    public TimeRange TimeRange(string? from, string? to)
    {
        var start = ParseInstant("from", from, endOfDay: false);
        var before = ParseInstant("to", to, endOfDay: true);
        if (start is { } s && before is { } b && s >= b)
        {
            Add("to", $"to ({to}) must not be before from ({from}).");
        }

        return new TimeRange(start, before);
    }

    /// <summary>An ISO 639-1 code as the language detector writes it (639-3 where there is none, <c>und</c> when unsure).</summary>
    public string? Language(string? lang)
    {
        if (lang is null)
        {
            return null;
        }

        if (!LanguageCode().IsMatch(lang))
        {
            Add("lang", $"lang must be an ISO 639-1 code such as 'fr' or 'en' (2 or 3 lower-case letters, or 'und'); '{lang}' is not.");
            return null;
        }

        return lang;
    }

    /// <summary>One of <paramref name="allowed"/>, exactly.</summary>
    public string? OneOf(string parameter, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        Add(parameter, $"{parameter} must be one of {string.Join(", ", allowed)}; '{value}' is not.");
        return null;
    }

    private DateTimeOffset? ParseInstant(string parameter, string? value, bool endOfDay)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? midnight.AddDays(1) : midnight;
        }

        // The shape is checked first: DateTimeOffset.TryParse alone would take "11/23/2026" or "Monday".
        if (IsoDateTime().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return endOfDay ? instant.AddTicks(TimeSpan.TicksPerMicrosecond) : instant;
        }

        Add(parameter, $"{parameter} must be an ISO 8601 date (2026-11-23) or date-time (2026-11-23T08:30:00Z); '{value}' is not.");
        return null;
    }

    [GeneratedRegex("^[a-z]{2,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}

/// <summary>Page <see cref="Page"/> (from 1) of <see cref="PageSize"/> items.</summary>
internal readonly record struct Paging(int Page, int PageSize)
{
    public long Offset => (long)(Page - 1) * PageSize;
}

/// <summary>A half-open time range, either end open when null.</summary>
internal readonly record struct TimeRange(DateTimeOffset? From, DateTimeOffset? Before);

/// <summary>One page of results, with what a client needs to ask for the next.</summary>
internal sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public long TotalPages => (Total + PageSize - 1) / PageSize;
}
