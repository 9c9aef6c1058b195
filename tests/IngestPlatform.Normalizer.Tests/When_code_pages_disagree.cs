using System.Text;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// Single-byte code pages decode every byte to something; where several give plausible-looking text (Russian in
/// IBM866 also reads as Thai in windows-874, every letter a Thai letter), the letter language model chooses.
/// </summary>
public class When_code_pages_disagree
{
    private const string Russian = "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом " +
        "и совестью и должны поступать в отношении друг друга в духе братства. Каждый человек должен обладать всеми правами.";

    private const string Czech = "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni rozumem a " +
        "svědomím a mají spolu jednat v duchu bratrství. Každý má právo na život, svobodu a osobní bezpečnost.";

    private const string Greek = "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα. " +
        "Είναι προικισμένοι με λογική και συνείδηση, και οφείλουν να συμπεριφέρονται μεταξύ τους με πνεύμα αδελφοσύνης.";

    // Hungarian as it is written with the letters ő and ű, and as a Latin-1 writer, who has neither, writes it.
    private const string Hungarian = "Minden emberi lény szabadon születik és egyenlő méltósága és joga van. Az emberek, " +
        "ésszel és lelkiismerettel bírván, egymással szemben testvéri szellemben kell hogy viseltessenek. Mindenkinek " +
        "joga van az élethez, a szabadsághoz és a személyes biztonsághoz. Senkit sem lehet rabszolgaságban tartani, " +
        "a rabszolgaság és rabszolgakereskedés minden formája tilos. Mindenkinek joga van ahhoz, hogy jogalanyiságát " +
        "bárhol elismerjék. A törvény előtt mindenki egyenlő, és megkülönböztetés nélkül egyenlő védelemben részesül; " +
        "a gyűlés és egyesülés szabadsága, a törvényszék előtti egyenlőség, a szülők joga a nevelés megválasztására. " +
        "Mindenkinek joga van a pihenéshez, a szabad időhöz, a munkaidő észszerű korlátozásához és az időszakos " +
        "fizetett szabadsághoz. A művelődés előnyeiből mindenki részesülhet.";

    private static readonly string HungarianInLatin1 = Hungarian.Replace('ő', 'ô').Replace('ű', 'û');

    static When_code_pages_disagree()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    [Theory]
    [InlineData("ibm866", Russian)]
    [InlineData("ibm855", Russian)]
    [InlineData("x-mac-cyrillic", Russian)]
    [InlineData("koi8-r", Russian)]
    [InlineData("ibm852", Czech)]
    [InlineData("x-mac-ce", Czech)]
    [InlineData("ibm737", Greek)]
    [InlineData("iso-8859-7", Greek)]
    public void Should_choose_the_code_page_whose_text_a_language_explains(string encoding, string text)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes(text);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(text, result.Decoded?.Text);
    }

    [Fact]
    public void Should_find_plausible_rivals_that_only_the_language_model_rules_out()
    {
        // The premise: windows-874 reads these IBM866 bytes as Thai letters, which the plausibility score alone
        // cannot tell from real text. The decoder must still answer IBM866.
        var bytes = Encoding.GetEncoding("ibm866").GetBytes(Russian);
        Assert.True(TextDecoder.TryDecodeAs("windows-874", bytes, out var thai));
        Assert.True(thai.Count(c => c is >= '\u0E00' and <= '\u0E7F') > Russian.Length / 2, "windows-874 reads the bytes as Thai");

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(("ibm866", Russian), (result.Decoded?.Encoding, result.Decoded?.Text));
    }

    [Fact]
    public void Should_not_be_sure_when_one_byte_is_all_the_evidence()
    {
        // 0xA3 is "£" in windows-1252, "г" in IBM866, "Ј" in windows-1251: nothing but priors to go on.
        var bytes = Encoding.ASCII.GetBytes("Price list, item 4: 825 ").Append((byte)0xA3).Concat(Encoding.ASCII.GetBytes(" each.")).ToArray();

        var result = TextDecoder.Decode(bytes);

        if (result.Decoded is { } decoded)
        {
            Assert.True(decoded.Confidence < TextDecoder.CloseChoice, $"confidence {decoded.Confidence} on one byte of evidence");
            Assert.True(decoded.Candidates.Count >= 2, "a close choice lists the candidates weighed");
        }
        else
        {
            Assert.Contains("ambiguous", result.RejectionReason, StringComparison.Ordinal);
            Assert.Equal(IngestPlatform.Contracts.RefusalReasons.AmbiguousEncoding, result.RejectionCode);
        }
    }

    [Fact]
    public void Should_read_latin1_hungarian_with_stand_ins_for_the_letters_latin1_lacks_as_latin1()
    {
        // Latin-1 has neither ő nor ű, so Hungarian typed in it has "ô" and "û" (UDHR's Hungarian Latin-1 file). The
        // same bytes read as windows-1250 give "ô" (ő is there, the writer would have used it) beside "ű": the
        // Latin-1 reading is the one a writer produced.
        Assert.Contains('ô', HungarianInLatin1);
        Assert.Contains('û', HungarianInLatin1);
        var bytes = Encoding.Latin1.GetBytes(HungarianInLatin1);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(HungarianInLatin1, result.Decoded?.Text);
    }

    [Theory]
    [InlineData("windows-1250")]
    [InlineData("iso-8859-2")]
    public void Should_still_read_hungarian_written_with_its_own_letters_in_a_page_that_has_them(string encoding)
    {
        // The same bytes in Latin-1 read "õ" and "û", which could stand in for ő and ű: the page that has the letters
        // must still win, by the writer's choice of stand-in per letter.
        var bytes = Encoding.GetEncoding(encoding).GetBytes(Hungarian);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(Hungarian, result.Decoded?.Text);
    }

    [Fact]
    public void Should_read_latin1_with_few_accents_and_an_acute_for_an_apostrophe_as_latin1_not_as_chinese()
    {
        // From a Dutch man page (Debian's manpages-nl): one accented letter and three "´" typed for an apostrophe, each
        // followed by an ASCII letter, so Big5, GB18030 and JOHAB each read the four as Chinese characters inside
        // Latin words, and the file was refused as ambiguous between them.
        const string Dutch = "Deze optie kan het gedrag van het systeem niet beïnvloeden, behalve dat processen met een " +
            "verzameling PID´s hebben om in te werken. Elke verzameling UID´s, GID´s en capaciteiten wordt gelezen uit het bestand.";
        var bytes = Encoding.Latin1.GetBytes(Dutch);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(Dutch, result.Decoded?.Text);
    }
}
