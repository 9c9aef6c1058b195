namespace IngestPlatform.Contracts.Vocabulary;

/// <summary>
/// The durable queues of the pipeline. Consumers listen on them and publishers declare them too (ServiceDefaults'
/// <c>DeclareDownstreamQueue</c>), so the names live in one place; <see cref="All"/> says which stage drains each.
/// </summary>
public static class QueueNames
{
    /// <summary>Normalizer: consumes <c>FileDiscovered</c>.</summary>
    public const string Normalizer = "normalizer";

    /// <summary>Language detector: consumes <c>DocumentNormalized</c>.</summary>
    public const string LanguageDetector = "language-detector";

    /// <summary>Storage: consumes <c>LanguageDetected</c>.</summary>
    public const string Storage = "storage";

    /// <summary>Storage: consumes <c>DocumentRejected</c> from every stage.</summary>
    public const string StorageRejections = "storage-rejections";

    /// <summary>Storage: consumes <c>Fault&lt;T&gt;</c> of every stage's message, so no failure stays only in an <c>_error</c> queue.</summary>
    public const string StorageFaults = "storage-faults";

    /// <summary>
    /// Every queue with the stage that drains it, in pipeline order: the one place stages and queues meet. They are not
    /// one list: the watcher consumes no queue (it reads the inbox folder), and storage drains three, two of which hold
    /// the failures of every stage (recorded under the stage that failed, not under storage).
    /// </summary>
    public static IReadOnlyList<PipelineQueue> All { get; } =
    [
        new(Normalizer, Stages.Normalizer, IsStageInput: true),
        new(LanguageDetector, Stages.LanguageDetector, IsStageInput: true),
        new(Storage, Stages.Storage, IsStageInput: true),
        new(StorageRejections, Stages.Storage, IsStageInput: false),
        new(StorageFaults, Stages.Storage, IsStageInput: false),
    ];

    /// <summary>The queue a stage takes its work from; throws for the watcher, which has none.</summary>
    public static string InputOf(string stage) =>
        All.SingleOrDefault(q => q.IsStageInput && q.ConsumedBy == stage)?.Name
        ?? throw new ArgumentException($"The stage '{stage}' consumes no queue.", nameof(stage));

    /// <summary>The queues a stage's service drains, in pipeline order; empty for the watcher.</summary>
    public static IReadOnlyList<string> ConsumedBy(string stage) => [.. All.Where(q => q.ConsumedBy == stage).Select(q => q.Name)];
}
