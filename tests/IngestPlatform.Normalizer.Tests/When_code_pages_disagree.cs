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
        }
    }
}
