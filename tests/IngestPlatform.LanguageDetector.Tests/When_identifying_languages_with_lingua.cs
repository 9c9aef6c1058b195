using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

public class When_identifying_languages_with_lingua
{
    // Building Lingua is the expensive part; one instance serves every test of the class.
    private static readonly LinguaLanguageIdentifier Identifier = new(Options.Create(new LanguageDetectionOptions()));

    [Theory]
    [MemberData(nameof(RepositoryPaths.SeedFileNames), MemberType = typeof(RepositoryPaths))]
    public void Should_find_french_in_every_seed(string seed)
    {
        var guess = Identifier.Identify(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, seed)));

        Assert.Equal("fr", guess.Language);
        Assert.InRange(guess.Confidence, 0.2, 1.0);
    }

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog while the farmer watches.", "en")]
    [InlineData("Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer zusieht.", "de")]
    [InlineData("Быстрая коричневая лиса прыгает через ленивую собаку, пока фермер смотрит.", "ru")]
    public void Should_name_the_language_by_its_iso_639_1_code(string text, string expected)
    {
        Assert.Equal(expected, Identifier.Identify(text).Language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345 67 89 -- !!")]
    public void Should_answer_undetermined_when_there_is_nothing_to_go_on(string text)
    {
        Assert.Equal(LanguageGuess.Undetermined, Identifier.Identify(text).Language);
    }
}
