using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// The inbox and its two exits. A file leaves the inbox only by a move to <c>processed/</c> (after a
/// confirmed publish) or to <c>failed/</c> with a sidecar saying why; moves never overwrite.
/// </summary>
public sealed class InboxFolders
{
    private static readonly JsonSerializerOptions SidecarJson = new() { WriteIndented = true };
    private readonly TimeProvider _time;

    public InboxFolders(IOptions<WatcherOptions> options, TimeProvider time)
    {
        _time = time;
        Inbox = FullPath(options.Value.InboxPath);
        var parent = Path.GetDirectoryName(Inbox) ?? Inbox;
        Processed = FullPath(options.Value.ProcessedPath ?? Path.Combine(parent, "processed"));
        Failed = FullPath(options.Value.FailedPath ?? Path.Combine(parent, "failed"));
    }

    public string Inbox { get; }

    public string Processed { get; }

    public string Failed { get; }

    public void EnsureExist()
    {
        Directory.CreateDirectory(Inbox);
        Directory.CreateDirectory(Processed);
        Directory.CreateDirectory(Failed);
    }

    /// <summary>
    /// Moves a published file to <c>processed/yyyy-MM-dd/</c>, under the same sub-folders it had in the
    /// inbox (<paramref name="relativePath"/>); returns where it went.
    /// </summary>
    public string MoveToProcessed(string path, string relativePath)
    {
        var folder = Path.Combine(Processed, _time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return MoveWithoutOverwrite(path, Path.Combine(folder, SubFolderOf(relativePath)));
    }

    /// <summary>
    /// Moves a refused file to <c>failed/</c> (under its inbox sub-folders) and writes
    /// <c>&lt;name&gt;.error.json</c> beside it.
    /// </summary>
    public string MoveToFailed(string path, string relativePath, FileRejection rejection)
    {
        var folder = Path.Combine(Failed, SubFolderOf(relativePath));
        var target = File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null
            ? MoveWithoutOverwrite(path, folder)
            : Path.Combine(folder, Path.GetFileName(path));
        Directory.CreateDirectory(folder);
        File.WriteAllText(target + ".error.json", JsonSerializer.Serialize(rejection, SidecarJson));
        return target;
    }

    private static string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string SubFolderOf(string relativePath) =>
        Path.GetDirectoryName(relativePath.Replace('/', Path.DirectorySeparatorChar)) ?? "";

    private static string MoveWithoutOverwrite(string path, string folder)
    {
        Directory.CreateDirectory(folder);
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        for (var attempt = 0; ; attempt++)
        {
            var candidate = Path.Combine(folder, attempt == 0 ? name + extension : $"{name}.{attempt}{extension}");
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Move(path, candidate);
                }
                else
                {
                    // overwrite: false makes the clash check and the move one step, so two moves never race.
                    File.Move(path, candidate, overwrite: false);
                }

                return candidate;
            }
            catch (IOException) when (File.Exists(candidate) || Directory.Exists(candidate))
            {
                // Name taken: try the next suffix.
            }
        }
    }
}

/// <summary>What the <c>.error.json</c> sidecar says.</summary>
public sealed record FileRejection(string Reason, string Stage, DateTimeOffset At, long? SizeBytes, string? Sha256);
