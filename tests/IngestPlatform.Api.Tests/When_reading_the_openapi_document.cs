using System.Net.Http.Json;
using System.Text.Json;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_reading_the_openapi_document(ApiFixture api)
{
    [Fact]
    public async Task Should_list_every_endpoint_with_its_parameters()
    {
        var document = await api.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.Equal(
            ["/documents", "/documents/{id}", "/failures", "/pipeline", "/stats", "/stats/timeline"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["from", "lang", "page", "pageSize", "q", "to"],
            ParameterNames(paths.GetProperty("/documents").GetProperty("get")));
        Assert.Equal(
            ["from", "kind", "page", "pageSize", "reason", "stage", "text", "to"],
            ParameterNames(paths.GetProperty("/failures").GetProperty("get")));
        var search = paths.GetProperty("/documents").GetProperty("get");
        Assert.True(search.GetProperty("responses").TryGetProperty("400", out _), "the 400 answer is documented");
    }

    private static string[] ParameterNames(JsonElement operation) =>
        [.. operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
}
