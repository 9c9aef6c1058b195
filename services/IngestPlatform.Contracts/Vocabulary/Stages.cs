namespace IngestPlatform.Contracts.Vocabulary;

/// <summary>
/// The stage names written to <c>ingest_failures.stage</c>, metrics tags and <c>DocumentRejected.Stage</c>,
/// and read back by the API's filters: one list, so writers and readers cannot drift apart.
/// </summary>
public static class Stages
{
    /// <summary>The inbox watcher.</summary>
    public const string Watcher = "watcher";

    /// <summary>The normalizer.</summary>
    public const string Normalizer = "normalizer";

    /// <summary>The language detector.</summary>
    public const string LanguageDetector = "language-detector";

    /// <summary>Storage.</summary>
    public const string Storage = "storage";

    /// <summary>Every stage, in pipeline order. Which queue each consumes is <see cref="QueueNames.All"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [Watcher, Normalizer, LanguageDetector, Storage];
}
