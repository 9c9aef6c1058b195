using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults.Payloads;

/// <summary>
/// The claim-check store: content-addressed files in a folder every service reaches. A payload is written to a
/// temporary file, flushed to disk and renamed into place, so a reader sees all of it or nothing, and a crash
/// leaves no half-written payload under a real key. Content addressing makes a re-put (a file re-published after a
/// crash, the same content in two files) cost nothing and never conflict.
/// </summary>
public sealed class PayloadStore
{
    // Every service may write (the watcher the raw bytes, the normalizer the texts) and storage sweeps; in
    // compose they may run as different users sharing one volume.
    private const UnixFileMode FolderMode = (UnixFileMode)0b111_111_111;
    private const int BufferSize = 81920;

    private readonly string _root;
    private readonly string _incoming;

    /// <summary>The store in <see cref="PayloadOptions.Path"/>.</summary>
    public PayloadStore(IOptions<PayloadOptions> options)
    {
        _root = Path.GetFullPath(options.Value.Path);
        _incoming = Path.Combine(_root, "incoming");
        InlineLimit = options.Value.InlineLimit;
    }

    /// <summary>Content larger than this many bytes goes to the store instead of inside a message.</summary>
    public int InlineLimit { get; }

    /// <summary>The store's folder.</summary>
    public string Root => _root;

    /// <summary>Copies <paramref name="content"/> to the store, hashing it on the way (one pass, a small buffer).</summary>
    public async Task<PayloadReference> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        var temporary = NewTemporaryFile();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            await using (var file = CreateFile(temporary))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                }

                file.Flush(flushToDisk: true);
            }

            return Commit(temporary, new PayloadReference(Convert.ToHexStringLower(hash.GetHashAndReset()), length));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8, encoded a chunk at a time rather than copied whole.</summary>
    public async Task<PayloadReference> PutTextAsync(string text, CancellationToken cancellationToken)
    {
        var temporary = NewTemporaryFile();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            var encoder = new UTF8Encoding(false, true).GetEncoder();
            var buffer = new byte[BufferSize];
            await using (var file = CreateFile(temporary))
            {
                const int chunk = BufferSize / 4; // at most 3 UTF-8 bytes per UTF-16 unit
                for (var start = 0; start < text.Length; start += chunk)
                {
                    var count = Math.Min(chunk, text.Length - start);
                    var bytes = encoder.GetBytes(text.AsSpan(start, count), buffer, flush: start + count == text.Length);
                    hash.AppendData(buffer, 0, bytes);
                    await file.WriteAsync(buffer.AsMemory(0, bytes), cancellationToken);
                    length += bytes;
                }

                file.Flush(flushToDisk: true);
            }

            return Commit(temporary, new PayloadReference(Convert.ToHexStringLower(hash.GetHashAndReset()), length));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The payload's bytes, checked against its length and hash.</summary>
    public async Task<byte[]> ReadBytesAsync(PayloadReference reference, CancellationToken cancellationToken)
    {
        var path = PathOf(reference);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new PayloadMissingException(reference, $"is not in the payload store ({_root}); it may have been swept after Payloads:RetainFor");
        }
        catch (DirectoryNotFoundException)
        {
            throw new PayloadMissingException(reference, $"is not in the payload store ({_root}); is Payloads:Path the same folder for every service?");
        }

        if (bytes.LongLength != reference.Length || Convert.ToHexStringLower(SHA256.HashData(bytes)) != reference.Sha256)
        {
            throw new PayloadMissingException(reference, $"in {path} does not match its length and hash");
        }

        return bytes;
    }

    /// <summary>The payload as UTF-8 text.</summary>
    public async Task<string> ReadTextAsync(PayloadReference reference, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(reference, cancellationToken));

    /// <summary>Deletes payloads last written before <paramref name="before"/>; returns how many.</summary>
    public int Sweep(DateTime before)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.LastWriteTimeUtc < before)
            {
                file.Delete();
                deleted++;
            }
        }

        return deleted;
    }

    private string PathOf(PayloadReference reference)
    {
        // The key is a hash we computed; anything else must not become a path.
        if (reference.Sha256.Length != 64 || !reference.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new PayloadMissingException(reference, "has a malformed key");
        }

        return Path.Combine(_root, reference.Sha256[..2], reference.Sha256);
    }

    private PayloadReference Commit(string temporary, PayloadReference reference)
    {
        var path = PathOf(reference);
        CreateFolder(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            // Same content already there: renew it so the sweep counts its retention from now.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return reference;
        }

        File.Move(temporary, path, overwrite: true);
        return reference;
    }

    private string NewTemporaryFile()
    {
        CreateFolder(_incoming);
        return Path.Combine(_incoming, $"{Guid.NewGuid():N}.part");
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            // Set explicitly: the mode given at creation is cut by the umask, and services sharing the store in
            // compose run as different users.
            try
            {
                File.SetUnixFileMode(path, FolderMode);
            }
            catch (UnauthorizedAccessException)
            {
                // Another service's user created it a moment before us; its mode is already set.
            }
        }
    }

    private static FileStream CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        return new FileStream(path, options);
    }
}
