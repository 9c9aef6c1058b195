using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// The stand-in for the unseen encyclopedia excerpts: paragraphs of Lingua's test sentences (Leipzig news,
/// web and Wikipedia text; ../shared/corpus/lingua-testdata) written into each legacy encoding that can carry the
/// language, then decoded blind. Nothing was tuned on it, so this gate is a real one.
/// </summary>
public class When_decoding_unseen_prose(ITestOutputHelper output)
{
    private const double Required = 0.95;

    [SkippableFact]
    public void Should_decode_at_least_95_percent_of_documents_exactly()
    {
        var items = SharedCorpus.Expect(DecodingCorpora.Prose(SharedCorpus.Require("lingua-testdata")), DecodingCorpora.ProseItems, "stand-in prose documents");
        var outcomes = DecodingCorpora.Decode(items);
        output.WriteLine(DecodingCorpora.Table("Stand-in prose (Lingua test sentences in legacy encodings)", outcomes));

        var share = DecodingCorpora.Share(outcomes);
        Assert.True(share >= Required, $"{share:P1} decoded exactly, below {Required:P0}");
    }
}
