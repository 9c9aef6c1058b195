using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>Lingua is the reference engine (LanguageDetection:Engine=Lingua): the fast one must agree with it.</summary>
public class When_identifying_languages_with_lingua
{
    // Building Lingua is the expensive part; one instance serves every test of the class.
    private static readonly LinguaLanguageIdentifier Lingua = new(Options.Create(new LanguageDetectionOptions()));
    private static readonly NgramLanguageIdentifier Fast = new(Options.Create(new LanguageDetectionOptions()));

    [Theory]
    [MemberData(nameof(RepositoryPaths.SeedFileNames), MemberType = typeof(RepositoryPaths))]
    public void Should_agree_with_the_fast_engine_on_every_seed(string seed)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, seed));

        var reference = Lingua.Identify(text);

        Assert.Equal("fr", reference.Language);
        Assert.Equal(reference.Language, Fast.Identify(text).Language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345 67 89 -- !!")]
    public void Should_answer_undetermined_when_there_is_nothing_to_go_on(string text)
    {
        Assert.Equal(LanguageGuess.Undetermined, Lingua.Identify(text).Language);
    }
}
