using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

public class When_identifying_languages_with_the_ngram_index
{
    // Loading the index is the expensive part (or building it, when the build did not copy it here).
    private static readonly NgramLanguageIdentifier Identifier = new(Options.Create(new LanguageDetectionOptions()));

    private const string Polish = "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. "
        + "Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa.";

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
    [InlineData("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", "fr")]
    [InlineData("全人类生而自由，在尊严和权利上一律平等。", "zh")]
    [InlineData("すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。", "ja")]
    [InlineData("모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.", "ko")]
    public void Should_name_the_language_by_its_iso_639_1_code(string text, string expected)
    {
        Assert.Equal(expected, Identifier.Identify(text).Language);
    }

    [Fact]
    public void Should_let_the_script_decide_a_gujarati_text_with_a_few_english_words()
    {
        // Gujarati vowel signs are marks, not letters, in Lingua's models, so its words yield few trigrams and the
        // English words used to outweigh them (this text came back Welsh); Lingua's script rule decides it.
        const string text = "ગુજરાત રાજ્યના વડોદરા જિલ્લામાં આવેલું એક ગામ છે. આ ગામમાં ખેતી મુખ્ય વ્યવસાય છે અને અહીં ઘઉં, "
            + "બાજરી અને કપાસ ઉગાડવામાં આવે છે (wheat, millet and cotton).";

        Assert.Equal("gu", Identifier.Identify(text).Language);
    }

    [Fact]
    public void Should_read_turkish_decoded_with_the_wrong_code_page_as_turkish()
    {
        // Windows-1254 read as 1252 (ý þ ð for ı ş ğ), as in much of the text Lingua's Turkish model was counted from:
        // Lingua's telltale letters keep it to Icelandic or Turkish, and the model knows these spellings.
        var guess = Identifier.Identify("Öðrencilerin eðitim dili Türkçe, öðrenim süresi dört yýldýr.");

        Assert.Equal("tr", guess.Language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345 67 89 -- !!")]
    public void Should_answer_undetermined_when_there_is_nothing_to_go_on(string text)
    {
        Assert.Equal(LanguageGuess.Undetermined, Identifier.Identify(text).Language);
    }

    [Fact]
    public void Should_name_a_runner_up_for_close_languages()
    {
        var guess = Identifier.Identify("Alle mennesker er født frie og med samme menneskeverd og menneskerettigheter.");

        Assert.Equal("nb", guess.Language);
        Assert.Contains(guess.RunnerUp, new[] { "da", "nn" });
    }

    [Fact]
    public void Should_only_answer_with_configured_languages()
    {
        // Norwegian Bokmål is not configured: its nearest configured relative, Danish, comes back, not und.
        var scandinavianOrNot = new NgramLanguageIdentifier(
            Options.Create(new LanguageDetectionOptions { Languages = ["da", "de", "en"] }));

        var guess = scandinavianOrNot.Identify("Alle mennesker er født frie og med samme menneskeverd og menneskerettigheter.");

        Assert.Equal("da", guess.Language);
        Assert.Contains(guess.RunnerUp, new[] { "de", "en" });
        Assert.Equal("de", scandinavianOrNot.Identify("Der schnelle braune Fuchs springt über den faulen Hund.").Language);
    }

    [Fact]
    public void Should_answer_the_same_from_many_threads()
    {
        var texts = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Select(File.ReadAllText).ToArray();
        var expected = texts.Select(Identifier.Identify).ToArray();

        var results = new LanguageGuess[texts.Length * 50];
        Parallel.For(0, results.Length, i => results[i] = Identifier.Identify(texts[i % texts.Length]));

        Assert.All(results.Select((r, i) => (r, i)), x => Assert.Equal(expected[x.i % texts.Length], x.r));
    }

    [Fact]
    public void Should_still_find_the_language_of_a_very_long_document()
    {
        // 600 kB: only an evenly spread sample is scored (the benchmark measures the speed; no clock here).
        var text = string.Concat(Enumerable.Repeat(File.ReadAllText(Directory.GetFiles(RepositoryPaths.Seeds, "*.txt")[0]), 120));

        Assert.Equal("fr", Identifier.Identify(text).Language);
    }

    [Fact]
    public void Should_answer_und_for_a_language_outside_the_configured_set_when_rejection_is_on()
    {
        // Polish is not in the set: one of these four explains it best, but far worse than it explains its own texts.
        var westernEuropean = new NgramLanguageIdentifier(
            Options.Create(new LanguageDetectionOptions { Languages = ["en", "fr", "de", "es"], RejectOutOfSet = true }));

        var guess = westernEuropean.Identify(Polish);

        Assert.Equal(LanguageGuess.Undetermined, guess.Language);
        Assert.Contains(guess.RunnerUp, new[] { "en", "fr", "de", "es" });
        Assert.Equal("pl", Identifier.Identify(Polish).Language);
    }

    [Fact]
    public void Should_answer_the_nearest_configured_language_when_rejection_is_off_as_by_default()
    {
        var lenient = new NgramLanguageIdentifier(
            Options.Create(new LanguageDetectionOptions { Languages = ["en", "fr", "de", "es"] }));

        var guess = lenient.Identify(Polish);

        Assert.Contains(guess.Language, new[] { "en", "fr", "de", "es" });
        Assert.NotEqual(guess.Language, guess.RunnerUp);
    }

    [Fact]
    public void Should_keep_a_language_in_the_set_however_unusual_when_rejection_is_turned_down()
    {
        // With rejection on, MaximumSurprise is the only thing that decides it: set high, the nearest relative comes back.
        var lenient = new NgramLanguageIdentifier(
            Options.Create(new LanguageDetectionOptions { Languages = ["en", "fr", "de", "es"], RejectOutOfSet = true, MaximumSurprise = 1000 }));

        var guess = lenient.Identify(Polish);

        Assert.Contains(guess.Language, new[] { "en", "fr", "de", "es" });
    }
}
