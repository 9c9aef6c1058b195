using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

public class When_detecting_segments_of_a_mixed_document
{
    private static readonly NgramLanguageIdentifier Identifier = new(Options.Create(new LanguageDetectionOptions()));

    [Fact]
    public void Should_find_an_english_paragraph_inside_a_french_article()
    {
        const string french = "Le gouvernement a présenté mardi un projet de loi sur la réforme des retraites, qui sera débattu à l'Assemblée nationale dès la semaine prochaine.\n";
        const string english = "The government presented a pension reform bill on Tuesday, which will be debated in parliament next week.\n";
        var text = french + english + french;

        var segments = Identifier.IdentifySegments(text);

        Assert.Equal(["fr", "en", "fr"], segments.Select(s => s.Guess.Language));
        Assert.Equal(text.Length, segments.Sum(s => s.Length));
    }

    [Fact]
    public void Should_keep_a_short_share_post_label_inside_the_french_article()
    {
        var text = File.ReadAllText(Directory.GetFiles(RepositoryPaths.Seeds, "003_*.txt").Single());

        var segments = Identifier.IdentifySegments(text);

        Assert.All(segments, s => Assert.Equal("fr", s.Guess.Language));
    }
}
