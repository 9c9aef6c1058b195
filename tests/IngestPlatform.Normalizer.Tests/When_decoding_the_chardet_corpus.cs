using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// chardet's test suite (../shared/corpus/chardet): 425 web pages, feeds and texts in about 40 encodings, decoded
/// blind. Right means the same characters as the labelled encoding gives (an equivalent code page counts). Nothing
/// was tuned on it, so this gate is a real one.
/// </summary>
public class When_decoding_the_chardet_corpus(ITestOutputHelper output)
{
    private const double Required = 0.95;

    [SkippableFact]
    public void Should_decode_at_least_95_percent_to_the_right_text()
    {
        var items = SharedCorpus.Expect(DecodingCorpora.Chardet(SharedCorpus.Require("chardet")), DecodingCorpora.ChardetItems, "chardet files");
        var outcomes = DecodingCorpora.Decode(items);
        output.WriteLine(DecodingCorpora.Table("chardet", outcomes));

        var share = DecodingCorpora.Share(outcomes);
        Assert.True(share >= Required, $"{share:P1} decoded to the right text, below {Required:P0}");
    }
}
