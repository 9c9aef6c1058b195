using System.Net;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// PostgreSQL really stopped under a running API (a cluster of the test's own, stopped with pg_ctlcluster): callers
/// get 503 with a reason, so they retry, never a 500; health says unhealthy; and the API answers again once it is back.
/// </summary>
public class When_postgresql_is_down
{
    [Fact]
    public async Task Should_answer_503_and_recover_when_it_is_back()
    {
        await using var node = await PostgresNode.StartAsync();
        var connectionString = await node.CreateDatabaseAsync();
        await Catalogue.MigrateAsync(connectionString);
        using var factory = new ApiFactory(connectionString);
        using var client = factory.CreateClient();
        using (var before = await client.GetAsync(new Uri("/documents?q=otan", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await node.StopAsync();

        using var search = await client.GetAsync(new Uri("/documents?q=otan", UriKind.Relative));
        var body = await search.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
        Assert.Contains("not reachable", body, StringComparison.Ordinal);
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        await node.StartAgainAsync();
        var recovered = await Eventually.WaitForAsync(
            async () =>
            {
                using var response = await client.GetAsync(new Uri("/documents?q=otan", UriKind.Relative));
                return response.StatusCode;
            },
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the search to answer again");
        Assert.Equal(HttpStatusCode.OK, recovered);
    }
}
