using System.Net.Http.Json;
using System.Security.Cryptography;
using IngestPlatform.Api.Failures;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_listing_failures(ApiFixture api)
{
    [Fact]
    public async Task Should_list_them_newest_first()
    {
        var result = await ListAsync("/failures");

        Assert.Equal(4, result.Total);
        Assert.Equal(["huge.txt", "photo.jpg", "empty.txt", "003_4cf09446266cb6d9.txt"], result.Items.Select(f => f.SourceFileName));
        var photo = result.Items[1];
        Assert.Equal(("normalizer", "rejected", Catalogue.At(31)), (photo.Stage, photo.Kind, photo.RejectedAt));
        Assert.Contains("binary", photo.Reason, StringComparison.Ordinal);
        Assert.Equal("binary", photo.ReasonCode);
        Assert.Null(result.Items[0].ReasonCode); // a fault has no refusal code
        Assert.NotNull(photo.MessageId);
        Assert.Null(photo.FailedPath);
        // The raw file's hash, read by column name from ingest_failures.raw_sha256 (once named sha256).
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([0xFF, 0xD8, 0xFF, 0xE0])), photo.RawSha256);
        // A watcher refusal says where the file went, as its .error.json sidecar does.
        Assert.Equal(Catalogue.EmptyFileFailedPath, result.Items[2].FailedPath);
    }

    [Theory]
    [InlineData("stage=normalizer", new[] { "photo.jpg" })]
    [InlineData("kind=fault", new[] { "huge.txt", "003_4cf09446266cb6d9.txt" })]
    [InlineData("stage=watcher&kind=rejected", new[] { "empty.txt" })]
    [InlineData("stage=storage&kind=rejected", new string[0])]
    [InlineData("from=2026-02-01", new[] { "huge.txt", "photo.jpg" })]
    [InlineData("from=2026-01-31&to=2026-01-31", new[] { "empty.txt" })]
    [InlineData("pageSize=1&page=2", new[] { "photo.jpg" })]
    [InlineData("text=JPEG", new[] { "photo.jpg" })]
    [InlineData("text=Empty", new[] { "empty.txt" })]
    [InlineData("text=huge&stage=language-detector", new[] { "huge.txt" })]
    [InlineData("text=huge&stage=normalizer", new string[0])]
    [InlineData("reason=empty", new[] { "empty.txt" })]
    [InlineData("reason=binary&stage=normalizer", new[] { "photo.jpg" })]
    [InlineData("reason=too_large", new string[0])]
    public async Task Should_filter_them(string query, string[] files)
    {
        var result = await ListAsync($"/failures?{query}");

        Assert.Equal(files, result.Items.Select(f => f.SourceFileName));
    }

    private async Task<PagedResult<FailureView>> ListAsync(string url) =>
        (await api.Client.GetFromJsonAsync<PagedResult<FailureView>>(url))!;
}
