using IngestPlatform.Normalizer.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Normalizer.Tests;

public class When_normalizing_the_seed_articles
{
    private readonly TextNormalizer _normalizer = new();

    [Theory]
    [MemberData(nameof(RepositoryPaths.SeedFileNames), MemberType = typeof(RepositoryPaths))]
    public void Should_decode_and_keep_a_title_and_text(string seed)
    {
        var result = _normalizer.Normalize(File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, seed)));

        Assert.Null(result.RejectionReason);
        var document = Assert.IsType<NormalizedDocument>(result.Document);
        Assert.Equal("utf-8", document.Encoding);
        Assert.InRange(document.Title.Length, 15, 200);
        Assert.DoesNotContain("date 2022", document.Title, StringComparison.Ordinal);
        Assert.True(document.Text.Length > 1000);
    }

    [Fact]
    public void Should_take_the_headline_not_the_photo_caption_as_title()
    {
        var document = _normalizer.Normalize(File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, "000_b93de87a3f6f7d1a.txt"))).Document!;

        Assert.Equal("États-Unis et OTAN ont proposé à la Russie des actes pour rétablir la confiance", document.Title);
    }
}
