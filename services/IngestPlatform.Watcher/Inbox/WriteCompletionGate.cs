namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Decides when a file is done being written: its size and modification time have stayed the same
/// for a window that starts when the watcher first saw it that way. The file's own mtime is not
/// trusted as a start, because a copy keeps the original's. An empty file gets a longer window
/// (<paramref name="emptyStableFor"/>): writers often create a file and fill it a moment later. Not
/// thread-safe: one scan loop owns it.
/// </summary>
public sealed class WriteCompletionGate(TimeSpan stableFor, TimeSpan emptyStableFor)
{
    public WriteCompletionGate(TimeSpan stableFor)
        : this(stableFor, stableFor)
    {
    }

    private readonly Dictionary<string, Observation> _seen = new(StringComparer.Ordinal);

    /// <summary>Records what a scan saw; true once the file has been unchanged for the whole window.</summary>
    public bool IsComplete(string path, long size, DateTime lastWriteUtc, DateTimeOffset now)
    {
        if (!_seen.TryGetValue(path, out var seen) || seen.Size != size || seen.LastWriteUtc != lastWriteUtc)
        {
            seen = new Observation(size, lastWriteUtc, now);
            _seen[path] = seen;
        }

        return now - seen.Since >= (size == 0 ? emptyStableFor : stableFor);
    }

    /// <summary>Starts the window again, e.g. when the file could not be opened exclusively.</summary>
    public void Restart(string path) => _seen.Remove(path);

    /// <summary>Drops what is known of files no longer in the inbox.</summary>
    public void Retain(IReadOnlySet<string> present)
    {
        foreach (var path in _seen.Keys.Where(p => !present.Contains(p)).ToList())
        {
            _seen.Remove(path);
        }
    }

    private sealed record Observation(long Size, DateTime LastWriteUtc, DateTimeOffset Since);
}
