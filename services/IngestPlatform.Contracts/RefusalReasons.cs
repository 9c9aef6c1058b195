namespace IngestPlatform.Contracts;

/// <summary>
/// Why a stage refused a file, as a short code: the <c>reason</c> tag of the <c>ingest.files.rejected</c> metric and
/// <see cref="DocumentRejected.ReasonCode"/>. A small closed list, so a dashboard can group by it (one time series per
/// stage and code, never one per file); the words for a person stay in <see cref="DocumentRejected.Reason"/>, the
/// <c>.error.json</c> sidecar and the failure row.
/// </summary>
public static class RefusalReasons
{
    /// <summary>The file has no bytes (watcher, after <c>Watcher:EmptyFileStableFor</c>; normalizer).</summary>
    public const string Empty = "empty";

    /// <summary>The file is over <c>Watcher:MaxFileBytes</c>.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A folder where a file was expected (not recursive, or one that could not be descended into).</summary>
    public const string Folder = "folder";

    /// <summary>A FIFO, socket or device: only regular files are taken.</summary>
    public const string NotRegularFile = "not_regular_file";

    /// <summary>A symbolic link the watcher does not follow: links refused, a loop, a missing target, a link to a folder.</summary>
    public const string SymbolicLink = "symbolic_link";

    /// <summary>A symbolic link whose target lies outside the inbox (with <c>Watcher:FollowLinksInsideInbox</c>).</summary>
    public const string LinkOutsideInbox = "link_outside_inbox";

    /// <summary>The watcher may not read the file.</summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>A binary file (known signature, NUL bytes, control characters), not text.</summary>
    public const string Binary = "binary";

    /// <summary>Bytes that are invalid in the encoding the file claims or looks like, or that no known encoding decodes.</summary>
    public const string Undecodable = "undecodable";

    /// <summary>Several encodings decode the file about equally well: the normalizer does not guess.</summary>
    public const string AmbiguousEncoding = "ambiguous_encoding";

    /// <summary>Text without content: only white space, or only boilerplate.</summary>
    public const string NoText = "no_text";

    /// <summary>The claim-checked payload a message refers to is gone from the payload store.</summary>
    public const string PayloadMissing = "payload_missing";

    /// <summary>A message without a part storage needs (from another process, possibly another version).</summary>
    public const string InvalidMessage = "invalid_message";

    /// <summary>Data PostgreSQL refuses to hold (a NUL character, a value over a limit: SQLSTATE classes 22, 23, 54).</summary>
    public const string InvalidData = "invalid_data";

    /// <summary>A document sent for reprocessing no longer exists.</summary>
    public const string DocumentGone = "document_gone";

    /// <summary>A refusal none of the codes above names (a newer stage's, or a reason from an older message).</summary>
    public const string Other = "other";

    /// <summary>Every code, so a test or a dashboard can check it knows them all.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Empty, TooLarge, Folder, NotRegularFile, SymbolicLink, LinkOutsideInbox, PermissionDenied, Binary, Undecodable,
        AmbiguousEncoding, NoText, PayloadMissing, InvalidMessage, InvalidData, DocumentGone, Other,
    ];
}
