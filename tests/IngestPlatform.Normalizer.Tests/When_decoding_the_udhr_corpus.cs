using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// The Universal Declaration of Human Rights in ~140 files and 20+ encodings (../shared/corpus/udhr). The decoder is
/// never told the encoding; the manifest's verified encoding and the UTF-8 references are only the answer key.
/// UDHR is the corpus the decoder's thresholds were tuned on (docs/decoding.md): this gate is a regression guard,
/// not evidence of accuracy; the chardet and prose tests are the real gates.
/// </summary>
public class When_decoding_the_udhr_corpus(ITestOutputHelper output)
{
    // 138 of 139 measured (99.3%), the goal being 99%. The miss is a Vietnamese file whose verified ISO-8859-1
    // bytes lost every letter Latin-1 lacks, which the language model reads as windows-1258 (docs/decoding.md). The
    // Hungarian Latin-1 file with "ô" for "ő" is right since the decoder knows stand-in letters.
    private const double RegressionGuard = 0.99;

    [SkippableFact]
    public void Should_decode_at_least_99_percent_exactly_regression_guard_on_the_tuning_corpus()
    {
        var items = SharedCorpus.Expect(DecodingCorpora.Udhr(SharedCorpus.Require("udhr")), DecodingCorpora.UdhrItems, "UDHR files with a standard encoding and a reference");
        var outcomes = DecodingCorpora.Decode(items);
        output.WriteLine(DecodingCorpora.Table("UDHR (tuning corpus)", outcomes));

        var share = DecodingCorpora.Share(outcomes);
        Assert.True(share >= RegressionGuard, $"{share:P1} decoded exactly, below {RegressionGuard:P0}");
    }
}
