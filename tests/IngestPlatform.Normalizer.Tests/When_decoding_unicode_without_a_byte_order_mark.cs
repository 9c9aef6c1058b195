using System.Text;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>UTF-16 and UTF-32 written without a byte-order mark, which the user saw refused as binary.</summary>
public class When_decoding_unicode_without_a_byte_order_mark
{
    private const string Japanese = "日本語の文章です。東京は日本の首都であり、世界有数の大都市として知られています。" +
        "人口は約千四百万人で、政治、経済、文化の中心地となっている。多くの観光客が毎年訪れる。";

    // Not one ASCII character, and none whose UTF-16 unit has a zero byte (as 一 U+4E00 has): the file holds no NUL.
    private const string Chinese = "中华人民共和国是世界上人口很多的国家，位于亚洲东部，太平洋西岸。" +
        "首都北京是全国的政治文化中心，上海是重要的经济城市。长江和黄河是中国很长的两条河流。";

    private const string Korean = "대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 수도는 서울특별시이며 " +
        "국토의 대부분이 산지로 이루어져 있다. 인구는 약 오천만 명이다.";

    [Theory]
    [InlineData("utf-16le", Japanese)]
    [InlineData("utf-16be", Japanese)]
    [InlineData("utf-16le", Chinese)]
    [InlineData("utf-16be", Chinese)]
    [InlineData("utf-16le", Korean)]
    [InlineData("utf-16be", Korean)]
    [InlineData("utf-16le", "Les droits de l’homme sont universels et inaliénables ; chacun peut s’en prévaloir.")]
    [InlineData("utf-16be", "Все люди рождаются свободными и равными в своем достоинстве и правах.")]
    [InlineData("utf-32le", "Αναγνωρίζοντας ότι η αναγνώριση της αξιοπρέπειας είναι το θεμέλιο της ελευθερίας.")]
    [InlineData("utf-32be", Japanese)]
    public void Should_recognise_the_encoding_and_decode_exactly(string encoding, string text)
    {
        var bytes = TextDecoder.GetEncoding(encoding).GetBytes(text);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(encoding, result.Decoded?.Encoding);
        Assert.Equal(text, result.Decoded?.Text);
    }

    [Fact]
    public void Should_recognise_all_cjk_utf16_that_has_no_nul_byte_at_all()
    {
        var bytes = TextDecoder.GetEncoding("utf-16le").GetBytes(Chinese);
        Assert.DoesNotContain((byte)0, bytes);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal(("utf-16le", Chinese), (result.Decoded?.Encoding, result.Decoded?.Text));
    }

    [Fact]
    public void Should_still_refuse_random_bytes_as_binary()
    {
        var bytes = new byte[64 * 1024];
        new Random(14).NextBytes(bytes);

        var result = TextDecoder.Decode(bytes);

        Assert.Null(result.Decoded);
        Assert.Contains("binary", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_not_take_ascii_text_for_utf16()
    {
        var text = string.Concat(Enumerable.Repeat("An ordinary English sentence, nothing more. ", 20));

        var result = TextDecoder.Decode(Encoding.ASCII.GetBytes(text));

        Assert.Equal(("utf-8", text), (result.Decoded?.Encoding, result.Decoded?.Text));
    }
}
