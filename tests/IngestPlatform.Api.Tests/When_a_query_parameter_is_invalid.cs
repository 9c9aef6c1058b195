using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_a_query_parameter_is_invalid(ApiFixture api)
{
    public static TheoryData<string, string, string> Invalid => new()
    {
        // url, parameter, part of the message
        { "/documents?page=0", "page", "page must be 1 or more (was 0)" },
        { "/documents?pageSize=0", "pageSize", "between 1 and 100 (was 0)" },
        { "/documents?pageSize=101", "pageSize", "between 1 and 100 (was 101)" },
        { "/documents?from=2026-02-01&to=2026-01-31", "to", "must not be before from" },
        { "/documents?from=yesterday", "from", "ISO 8601 date (2026-11-23) or date-time" },
        { "/documents?to=01/31/2026", "to", "'01/31/2026' is not" },
        { "/documents?from=2026-02-30", "from", "'2026-02-30' is not" },
        { "/documents?lang=French", "lang", "ISO 639-1 code" },
        { "/documents?lang=f", "lang", "'f' is not" },
        { $"/documents?q={new string('a', 501)}", "q", "at most 500 characters (was 501)" },
        { "/documents?q=otan%00russie", "q", "control characters" },
        { "/failures?stage=parser", "stage", "one of watcher, normalizer, language-detector, storage; 'parser' is not" },
        { "/failures?kind=error", "kind", "one of rejected, fault; 'error' is not" },
        { "/failures?reason=broken", "reason", "one of empty, too_large, " },
        { "/failures?page=-1", "page", "(was -1)" },
        { "/failures?from=2026-02-01T10:00:00Z&to=2026-02-01T09:59:59Z", "to", "must not be before from" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Should_answer_400_with_a_validation_problem_naming_it(string url, string parameter, string message)
    {
        var errors = await ValidationErrorsAsync(url);

        Assert.Equal([parameter], errors.Keys);
        Assert.Contains(errors[parameter], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_report_every_bad_parameter_at_once()
    {
        var errors = await ValidationErrorsAsync("/documents?page=0&pageSize=500&lang=xx1&from=soon");

        Assert.Equal(["from", "lang", "page", "pageSize"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/documents?page=abc", "page", "abc")]
    [InlineData("/documents?pageSize=1.5", "pageSize", "1.5")]
    [InlineData("/failures?page=99999999999", "page", "99999999999")]
    public async Task Should_answer_400_with_a_problem_when_a_number_does_not_parse(string url, string parameter, string value)
    {
        var response = await api.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string[]>> ValidationErrorsAsync(string url)
    {
        var response = await api.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The query parameters are not valid.", problem.GetProperty("title").GetString());
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
