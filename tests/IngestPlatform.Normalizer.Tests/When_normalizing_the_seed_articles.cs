using IngestPlatform.Normalizer.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>Golden values read by hand from each seed file, not taken from the normalizer's output.</summary>
public class When_normalizing_the_seed_articles
{
    private readonly TextNormalizer _normalizer = new();

    public static TheoryData<string, string, string?, string?, string?> Expectations => new()
    {
        // seed, title, date, URL, outlet
        { "000_b93de87a3f6f7d1a.txt", "États-Unis et OTAN ont proposé à la Russie des actes pour rétablir la confiance", "2022-02-02", null, "Agence France-Presse" },
        { "001_9d6cfca3353c35ad.txt", "Nous ne pouvons pas faire de compromis, et nous ne le ferons pas. Qu'ont dit les États-Unis et l'OTAN à la Russie ?", null, null, "Bbabo NET" },
        { "002_0b653ecede0a58fe.txt", "Washington a reçu la réponse écrite de la Russie à ses propositions sur la sécurité", "2022-02", null, "Belga" },
        { "003_4cf09446266cb6d9.txt", "L’OTAN et la Russie se parlent franchement, mais se croisent pour l’instant", null, null, "The New York Times Company" },
        { "004_475725d220b848fc.txt", "Ce qu’il faut retenir de la réunion du Conseil Russie-Otan à Bruxelles", "2022-01-12", "https://fr.sputniknews.com/20220112/ce-quil-faut-retenir-de-la-reunion-du-conseil-russie-otan-a-bruxelles-1054398528.html", "sputniknews.com" },
    };

    public static TheoryData<string, string> BoilerplateLines => new()
    {
        { "000_b93de87a3f6f7d1a.txt", "date 2022-02" },
        { "000_b93de87a3f6f7d1a.txt", "PHOTO MINISTÈRE DE LA DÉFENSE RUSSE, VIA ASSOCIATED PRESS" },
        { "000_b93de87a3f6f7d1a.txt", "ASSOCIATED PRESS Cette photo" },
        { "001_9d6cfca3353c35ad.txt", "Bbabo NET" },
        { "001_9d6cfca3353c35ad.txt", "Actualités\n" },
        { "001_9d6cfca3353c35ad.txt", "Retour aux actualités »" },
        { "002_0b653ecede0a58fe.txt", "date 2022-02" },
        { "002_0b653ecede0a58fe.txt", "© 2022 Belga" },
        { "002_0b653ecede0a58fe.txt", "Tous droits de reproduction" },
        { "003_4cf09446266cb6d9.txt", "Share Post:" },
        { "003_4cf09446266cb6d9.txt", "Stay Connected" },
        { "003_4cf09446266cb6d9.txt", "More Updates" },
        { "003_4cf09446266cb6d9.txt", "You might also enjoy" },
        { "003_4cf09446266cb6d9.txt", "© 2022 The New York Times" },
        { "003_4cf09446266cb6d9.txt", "INSCRIVEZ-VOUS MAINTENANT" },
        { "004_475725d220b848fc.txt", "date 2022-01" },
        { "004_475725d220b848fc.txt", "https://fr.sputniknews.com" },
    };

    [Theory]
    [MemberData(nameof(RepositoryPaths.SeedFileNames), MemberType = typeof(RepositoryPaths))]
    public void Should_decode_and_keep_a_title_and_text(string seed)
    {
        var document = Normalize(seed);

        Assert.Equal("utf-8", document.Encoding);
        Assert.Equal(1.0, document.EncodingConfidence);
        Assert.True(document.Text.Length > 1000);
        Assert.Equal(64, document.NormalizedSha256.Length);
        Assert.InRange(document.WordCount, 150, 2000);
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Should_extract_the_title_date_url_and_outlet(string seed, string title, string? date, string? url, string? outlet)
    {
        var document = Normalize(seed);

        Assert.Equal(title, document.Title);
        Assert.Equal(date, document.Metadata.PublicationDate);
        Assert.Equal(url, document.Metadata.SourceUrl);
        Assert.Equal(outlet, document.Metadata.Outlet);
    }

    [Theory]
    [MemberData(nameof(BoilerplateLines))]
    public void Should_remove_the_boilerplate(string seed, string boilerplate)
    {
        var document = Normalize(seed);

        // It was in the file, and is not in the text.
        Assert.Contains(boilerplate, document.OriginalText, StringComparison.Ordinal);
        Assert.DoesNotContain(boilerplate, document.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RepositoryPaths.SeedFileNames), MemberType = typeof(RepositoryPaths))]
    public void Should_keep_the_title_once(string seed)
    {
        var document = Normalize(seed);

        var first = document.Text.IndexOf(document.Title, StringComparison.Ordinal);
        Assert.True(first >= 0, "the headline stays in the text");
        Assert.Equal(-1, document.Text.IndexOf(document.Title, first + 1, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_record_photo_credits_and_copyright()
    {
        var photo = Normalize("000_b93de87a3f6f7d1a.txt").Metadata;
        var belga = Normalize("002_0b653ecede0a58fe.txt").Metadata;
        var nyt = Normalize("003_4cf09446266cb6d9.txt").Metadata;

        Assert.Equal(["PHOTO MINISTÈRE DE LA DÉFENSE RUSSE, VIA ASSOCIATED PRESS", "ASSOCIATED PRESS"], photo.PhotoCredits);
        Assert.Null(photo.Copyright);
        Assert.Equal("© 2022 Belga", belga.Copyright);
        Assert.Equal("© 2022 The New York Times Company", nyt.Copyright);
    }

    [Fact]
    public void Should_repair_glued_sentences_but_not_abbreviations_or_urls()
    {
        var sputnik = Normalize("004_475725d220b848fc.txt");
        var belga = Normalize("002_0b653ecede0a58fe.txt");

        Assert.Contains("abrogé. Moscou", sputnik.Text, StringComparison.Ordinal);
        Assert.Contains("en vue? Le secrétaire", sputnik.Text, StringComparison.Ordinal);
        Assert.Contains("Selon M.Grouchko", sputnik.Text, StringComparison.Ordinal);
        Assert.Contains("l'Ukraine. La réponse", belga.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_the_decoded_original_untouched()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, "003_4cf09446266cb6d9.txt"));

        var document = _normalizer.Normalize(bytes).Document!;

        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), document.OriginalText);
    }

    private NormalizedDocument Normalize(string seed)
    {
        var result = _normalizer.Normalize(File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, seed)));
        Assert.Null(result.RejectionReason);
        return Assert.IsType<NormalizedDocument>(result.Document);
    }
}
