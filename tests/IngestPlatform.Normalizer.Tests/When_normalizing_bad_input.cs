using System.Text;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer.Tests;

public class When_normalizing_bad_input
{
    private readonly TextNormalizer _normalizer = new();

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0D, 0x0A }, "white space")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D }, "binary")]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 }, "binary")]
    public void Should_reject_with_a_reason(byte[] content, string reasonMentions)
    {
        var result = _normalizer.Normalize(content);

        Assert.Null(result.Document);
        Assert.Contains(reasonMentions, result.RejectionReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Should_unify_line_endings_and_collapse_spaces()
    {
        var result = _normalizer.Normalize(Encoding.UTF8.GetBytes("Un titre assez long ici\r\n\r\n\r\n\r\nDu   texte\u00A0 ici.\r\n"));

        Assert.Equal("Un titre assez long ici\n\nDu texte ici.", result.Document!.Text);
    }
}
