namespace IngestPlatform.Contracts.Vocabulary;

/// <summary>The kinds of <c>ingest_failures</c> rows.</summary>
public static class FailureKinds
{
    /// <summary>The stage refused the input for a reason a person can act on (empty, binary, undecodable...).</summary>
    public const string Rejected = "rejected";

    /// <summary>The stage threw after its retries (a bug, or a dependency down too long); the message is in its <c>_error</c> queue.</summary>
    public const string Fault = "fault";

    /// <summary>Both kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Rejected, Fault];
}
