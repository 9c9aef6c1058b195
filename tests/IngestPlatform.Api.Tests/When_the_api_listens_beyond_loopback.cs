using System.Net;
using System.Net.Http.Headers;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// Access: open on loopback, a bearer token required elsewhere. In memory for the rules, and once as a real process
/// bound to every interface, since the in-memory server binds nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public class When_the_api_listens_beyond_loopback(ApiFixture api)
{
    private const string Token = "a-test-token-of-some-length";

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5150")]
    [InlineData("urls", "http://127.0.0.1:5150;http://+:8080")]
    [InlineData("HTTP_PORTS", "8080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://api.example:5150")]
    public void Should_refuse_to_start_without_a_token(string key, string value)
    {
        using var factory = new ApiFactory(api.ConnectionString, new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("beyond loopback, but Api:Token (environment Api__Token) is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_without_a_token_on_loopback()
    {
        using var factory = new ApiFactory(api.ConnectionString, new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:5150;http://[::1]:5150;http://localhost:5151" });

        var response = await factory.CreateClient().GetAsync(new Uri("/stats", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_require_the_token_for_data_but_not_for_health_or_the_dashboard_page()
    {
        using var factory = new ApiFactory(api.ConnectionString, new Dictionary<string, string> { ["urls"] = "http://0.0.0.0:5150", ["Api:Token"] = Token });
        var client = factory.CreateClient();

        foreach (var path in new[] { "/stats", "/documents?q=otan", "/failures", "/pipeline", "/openapi/v1.json", $"/documents/{api.Seeded.DocumentIds["001"]}" })
        {
            var refused = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/stats") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/stats") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        var page = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>IngestPlatform</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_short_token()
    {
        using var factory = new ApiFactory(api.ConnectionString, new Dictionary<string, string> { ["Api:Token"] = "short" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains($"at least {ApiAccess.MinimumTokenLength} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_as_a_process_bound_to_every_interface_without_a_token_and_guard_it_with_one()
    {
        var port = ExternalCommand.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}",
            ["ConnectionStrings__Ingest"] = api.ConnectionString,
        };
        await using (var refused = ServiceProcess.Start("IngestPlatform.Api", environment))
        {
            await refused.WaitForExitAsync(TimeSpan.FromSeconds(60), "the API to refuse to start");
            Assert.Contains("Api__Token", refused.Output, StringComparison.Ordinal);
        }

        environment["Api__Token"] = Token;
        await using var guarded = ServiceProcess.Start("IngestPlatform.Api", environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.WaitForAsync(
            async () => await TryGetAsync(http, "/health"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the API to listen", () => guarded.Output);
        Assert.Equal(HttpStatusCode.Unauthorized, await TryGetAsync(http, "/stats"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, await TryGetAsync(http, "/stats"));
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
