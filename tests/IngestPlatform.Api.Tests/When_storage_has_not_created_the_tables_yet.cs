using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_storage_has_not_created_the_tables_yet(ApiFixture api)
{
    [Fact]
    public async Task Should_be_alive_but_not_healthy()
    {
        await using var factory = new ApiFactory(await api.CreateDatabaseAsync(migrate: false));
        var client = factory.CreateClient();

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData("/documents?q=otan")]
    [InlineData("/documents/1")]
    [InlineData("/failures")]
    [InlineData("/stats")]
    public async Task Should_answer_503_with_a_problem_saying_so(string url)
    {
        await using var factory = new ApiFactory(await api.CreateDatabaseAsync(migrate: false));

        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("storage service creates them", detail, StringComparison.Ordinal);
    }
}
