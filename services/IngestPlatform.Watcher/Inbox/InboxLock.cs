using System.Text;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// The lock that makes one watcher per inbox the active one. On Linux, .NET opens a file with
/// <see cref="FileShare.None"/> under an exclusive <c>flock</c>, which the kernel releases when the
/// process dies however it dies (even <c>kill -9</c>), so no stale lock needs cleaning up. The file
/// is never deleted: unlinking a lock file lets two processes hold locks on two different files.
/// Local file systems and NFSv4 honour it; an SMB share mounted without locking would not.
/// </summary>
public sealed class InboxLock : IDisposable
{
    public const string FileName = ".ingest-watcher.lock";

    private readonly FileStream _stream;

    private InboxLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, or returns null when another watcher holds it.</summary>
    public static InboxLock? TryAcquire(string inbox)
    {
        var path = Path.Combine(inbox, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        // Who holds it, for a person looking at the inbox; the lock itself is the flock.
        stream.SetLength(0);
        stream.Write(Encoding.UTF8.GetBytes($"{Environment.ProcessId}@{Environment.MachineName} since {DateTimeOffset.UtcNow:O}\n"));
        stream.Flush();
        return new InboxLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
