using System.IO.Compression;
using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.Normalizer.Text;

namespace IngestPlatform.Normalizer.Tests;

public class When_normalizing_bad_input
{
    private readonly TextNormalizer _normalizer = new();

    [Theory]
    [InlineData(new byte[0], "empty", RefusalReasons.Empty)]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0D, 0x0A }, "white space", RefusalReasons.NoText)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D }, "PNG", RefusalReasons.Binary)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 }, "NUL", RefusalReasons.Binary)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, "PDF", RefusalReasons.Binary)]
    public void Should_reject_with_a_reason(byte[] content, string reasonMentions, string code)
    {
        var result = _normalizer.Normalize(content);

        Assert.Null(result.Document);
        Assert.Contains(reasonMentions, result.RejectionReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(code, result.RejectionCode);
    }

    [Fact]
    public void Should_reject_a_file_of_nul_bytes()
    {
        var result = _normalizer.Normalize(new byte[64 * 1024]);

        Assert.Null(result.Document);
        Assert.Contains("binary", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_zip_archive_even_of_text()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("article.txt").Open());
            entry.Write("Un article tout à fait lisible, une fois décompressé.");
        }

        var result = _normalizer.Normalize(stream.ToArray());

        Assert.Null(result.Document);
        Assert.Contains("ZIP archive", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_utf8_with_invalid_sequences_in_the_middle_rather_than_store_mojibake()
    {
        var good = Encoding.UTF8.GetBytes("Une réponse écrite à ses propositions sur la sécurité européenne. ");
        byte[] content = [.. good, .. good, 0xC3, 0x28, 0xFF, .. good];

        var result = _normalizer.Normalize(content);

        Assert.Null(result.Document);
        Assert.Contains($"invalid UTF-8 sequence at byte {good.Length * 2}", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_drop_a_character_cut_off_by_the_end_of_the_file()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes("Un titre assez long pour un titre\n\nLa sécurité en Europe"), 0xC3];

        var document = _normalizer.Normalize(content).Document!;

        Assert.Equal("utf-8", document.Encoding);
        Assert.EndsWith("La sécurité en Europe", document.OriginalText, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_normalize_a_50_megabyte_single_line()
    {
        var sentence = "Le Conseil Russie-Otan s’est réuni à Bruxelles.La réunion a duré 4,5 heures. "u8;
        var content = new byte[50 * 1024 * 1024];
        for (var offset = 0; offset < content.Length; offset += sentence.Length)
        {
            sentence[..Math.Min(sentence.Length, content.Length - offset)].CopyTo(content.AsSpan(offset));
        }

        var document = _normalizer.Normalize(content).Document!;

        Assert.Equal("utf-8", document.Encoding);
        Assert.DoesNotContain('\n', document.Text);
        Assert.StartsWith("Le Conseil Russie-Otan s’est réuni à Bruxelles. La réunion a duré 4,5 heures. Le Conseil", document.Text, StringComparison.Ordinal);
        Assert.InRange(document.Title.Length, 1, 201);
        Assert.True(document.WordCount > 7_000_000);
    }

    [Fact]
    public void Should_unify_line_endings_and_collapse_spaces()
    {
        var result = _normalizer.Normalize(Encoding.UTF8.GetBytes("Un titre assez long ici\r\n\r\n\r\n\r\nDu   texte\u00A0 ici.\r\n"));

        Assert.Equal("Un titre assez long ici\n\nDu texte ici.", result.Document!.Text);
    }

    [Fact]
    public void Should_compose_to_nfc_drop_controls_and_keep_tabs()
    {
        var result = _normalizer.Normalize(Encoding.UTF8.GetBytes("Un titre assez long ici\rCafe\u0301\u0007 au\t\tlait\u200B.\n"));

        Assert.Equal("Un titre assez long ici\nCafé au\tlait.", result.Document!.Text);
        Assert.Equal("Un titre assez long ici\rCafe\u0301\u0007 au\t\tlait\u200B.\n", result.Document.OriginalText);
    }

    [Theory]
    [InlineData("utf-16le", new byte[] { 0xFF, 0xFE })]
    [InlineData("utf-16be", new byte[] { 0xFE, 0xFF })]
    [InlineData("utf-32le", new byte[] { 0xFF, 0xFE, 0x00, 0x00 })]
    [InlineData("utf-32be", new byte[] { 0x00, 0x00, 0xFE, 0xFF })]
    public void Should_decode_by_byte_order_mark(string encoding, byte[] bom)
    {
        const string Text = "Les États-Unis ont annoncé avoir reçu la réponse écrite de la Russie.";
        var body = encoding switch
        {
            "utf-16le" => Encoding.Unicode.GetBytes(Text),
            "utf-16be" => Encoding.BigEndianUnicode.GetBytes(Text),
            "utf-32le" => Encoding.UTF32.GetBytes(Text),
            _ => new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes(Text),
        };

        var document = _normalizer.Normalize([.. bom, .. body]).Document!;

        Assert.Equal(encoding, document.Encoding);
        Assert.Equal(Text, document.OriginalText);
    }

    [Fact]
    public void Should_detect_a_legacy_code_page_without_being_told()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string Text = "Les États-Unis ont annoncé avoir reçu jeudi la réponse écrite de la Russie à leurs propositions de négociations sur la sécurité en Europe pour désamorcer la crise autour de l’Ukraine. Le département d’État avait réaffirmé mercredi que le chef de la diplomatie américaine était prêt à rencontrer son homologue russe.";

        var document = _normalizer.Normalize(Encoding.GetEncoding("windows-1252").GetBytes(Text)).Document!;

        Assert.Equal("windows-1252", document.Encoding);
        Assert.InRange(document.EncodingConfidence, 0.5, 1.0);
        Assert.Equal(Text, document.OriginalText);
    }

    [Fact]
    public void Should_never_throw_on_random_bytes()
    {
        var random = new Random(20220212);
        for (var i = 0; i < 200; i++)
        {
            var content = new byte[random.Next(1, 4096)];
            random.NextBytes(content);

            var result = _normalizer.Normalize(content);

            Assert.True(result.Document is not null ^ result.RejectionReason is not null);
            // Every refusal carries a code of the shared vocabulary (the metric's reason tag), never free text.
            Assert.Equal(result.RejectionReason is not null, result.RejectionCode is not null);
            Assert.True(result.RejectionCode is null || RefusalReasons.All.Contains(result.RejectionCode), result.RejectionCode);
        }
    }
}
