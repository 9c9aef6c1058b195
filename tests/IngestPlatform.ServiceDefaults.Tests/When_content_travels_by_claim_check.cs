using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults.Payloads;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults.Tests;

public sealed class When_content_travels_by_claim_check : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ingest-payloads-test-").FullName;

    private PayloadStore Store(int inlineLimit = 1024) =>
        new(Options.Create(new PayloadOptions { Path = _root, InlineLimit = inlineLimit }));

    [Fact]
    public async Task Should_read_back_the_same_bytes_under_their_sha256()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var reference = await Store().PutAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), reference.Sha256);
        Assert.Equal(bytes.LongLength, reference.Length);
        Assert.Equal(bytes, await Store().ReadBytesAsync(reference, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "incoming"))); // no temporary file left behind
    }

    [Fact]
    public async Task Should_keep_small_text_inline_and_store_large_text_as_utf8()
    {
        var store = Store(inlineLimit: 1024);
        var small = await store.InlineOrStoreAsync("petit texte", CancellationToken.None);
        Assert.Equal(("petit texte", (PayloadReference?)null), small);

        // Accents and a character outside the BMP: the stored form is UTF-8, cut into chunks on the way.
        var large = string.Concat(Enumerable.Repeat("Négociations à l'OTAN 𝄞 ", 5_000));
        var (inline, payload) = await store.InlineOrStoreAsync(large, CancellationToken.None);
        Assert.Equal("", inline);
        Assert.NotNull(payload);
        Assert.Equal(Encoding.UTF8.GetByteCount(large), payload.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(large))), payload.Sha256);
        Assert.Equal(large, await store.TextAsync(inline, payload, CancellationToken.None));
    }

    [Fact]
    public async Task Should_say_clearly_when_a_payload_is_missing_or_altered()
    {
        var store = Store();
        var reference = await store.PutAsync(new MemoryStream("contenu"u8.ToArray()), CancellationToken.None);
        var path = Path.Combine(_root, reference.Sha256[..2], reference.Sha256);

        await File.WriteAllTextAsync(path, "altéré");
        var altered = await Assert.ThrowsAsync<PayloadMissingException>(() => store.ReadBytesAsync(reference, CancellationToken.None));
        Assert.Contains("does not match", altered.Message, StringComparison.Ordinal);

        File.Delete(path);
        var missing = await Assert.ThrowsAsync<PayloadMissingException>(() => store.ReadBytesAsync(reference, CancellationToken.None));
        Assert.Contains("not in the payload store", missing.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<PayloadMissingException>(() => store.ReadBytesAsync(new PayloadReference("../../etc/passwd", 1), CancellationToken.None));
    }

    [Fact]
    public async Task Should_sweep_only_payloads_older_than_the_retention()
    {
        var store = Store();
        var old = await store.PutAsync(new MemoryStream("ancien"u8.ToArray()), CancellationToken.None);
        var fresh = await store.PutAsync(new MemoryStream("récent"u8.ToArray()), CancellationToken.None);
        File.SetLastWriteTimeUtc(Path.Combine(_root, old.Sha256[..2], old.Sha256), DateTime.UtcNow.AddDays(-8));

        Assert.Equal(1, store.Sweep(DateTime.UtcNow.AddDays(-7)));
        await Assert.ThrowsAsync<PayloadMissingException>(() => store.ReadBytesAsync(old, CancellationToken.None));
        Assert.Equal("récent"u8.ToArray(), await store.ReadBytesAsync(fresh, CancellationToken.None));
    }

    [Fact]
    public async Task Should_renew_a_payload_put_again_so_the_sweep_keeps_it()
    {
        var store = Store();
        var first = await store.PutAsync(new MemoryStream("même contenu"u8.ToArray()), CancellationToken.None);
        var path = Path.Combine(_root, first.Sha256[..2], first.Sha256);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-8));

        var again = await store.PutAsync(new MemoryStream("même contenu"u8.ToArray()), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(0, store.Sweep(DateTime.UtcNow.AddDays(-7)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
