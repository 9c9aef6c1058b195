using System.Net;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_checking_health(ApiFixture api)
{
    [Fact]
    public async Task Should_be_healthy_when_the_database_has_the_schema()
    {
        var health = await api.Client.GetAsync("/health");
        var alive = await api.Client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
