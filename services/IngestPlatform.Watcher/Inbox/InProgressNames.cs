namespace IngestPlatform.Watcher.Inbox;

/// <summary>
/// Names that browsers, editors and copy tools use while a file is still being written; such a file
/// is left alone until it is renamed to its final name.
/// </summary>
public static class InProgressNames
{
    private static readonly string[] Suffixes = [".tmp", ".part", ".crdownload", ".partial", ".swp"];

    public static bool Matches(string fileName) =>
        fileName.StartsWith('.')
        || fileName.StartsWith('~')
        || Suffixes.Any(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        // Our own sidecars never live in the inbox, but a user may copy a failed/ folder back.
        || fileName.EndsWith(".error.json", StringComparison.OrdinalIgnoreCase);
}
